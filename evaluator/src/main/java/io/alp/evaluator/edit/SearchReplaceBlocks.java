package io.alp.evaluator.edit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Reads SEARCH/REPLACE blocks from a model's reply:
 *
 * <pre>
 * path/to/file.md
 * ```
 * &lt;&lt;&lt;&lt;&lt;&lt;&lt; SEARCH
 * lines as they are now
 * =======
 * lines that replace them
 * &gt;&gt;&gt;&gt;&gt;&gt;&gt; REPLACE
 * ```
 * </pre>
 *
 * The fence is optional; prose around blocks is ignored. A block without its own path line right before it (only
 * blank and fence lines between) reuses the previous block's path. An empty SEARCH creates the file, or fills an
 * empty one.
 */
public final class SearchReplaceBlocks {

    private static final Pattern SEARCH = Pattern.compile("^\\s*<{5,9} ?SEARCH\\s*$");
    private static final Pattern DIVIDER = Pattern.compile("^\\s*={5,9}\\s*$");
    private static final Pattern REPLACE = Pattern.compile("^\\s*>{5,9} ?REPLACE\\s*$");
    private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~).*$");

    private SearchReplaceBlocks() {
    }

    /**
     * One change: in {@code path}, replace the text {@code search} with {@code replace}. Both hold whole lines,
     * each ending in a newline; an empty {@code search} means "create the file".
     */
    public record Block(String path, String search, String replace) {
        public Block {
            Objects.requireNonNull(path, "path");
            search = search == null ? "" : search;
            replace = replace == null ? "" : replace;
        }
    }

    /** The well-formed blocks of a reply, and what was wrong with the malformed ones (each naming its block). */
    public record Parsed(List<Block> blocks, List<String> errors) {
        public Parsed {
            blocks = List.copyOf(blocks);
            errors = List.copyOf(errors);
        }
    }

    /**
     * @throws IllegalArgumentException naming the block number and what is missing when a block is malformed
     */
    public static List<Block> parse(String reply) {
        Parsed parsed = parseAll(reply);
        if (!parsed.errors().isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", parsed.errors()));
        }
        return parsed.blocks();
    }

    /** Like {@link #parse}, but skips malformed blocks, reporting them, and keeps reading after them. */
    public static Parsed parseAll(String reply) {
        String[] lines = (reply == null ? "" : reply.replace("\r\n", "\n").replace('\r', '\n')).split("\n", -1);
        List<Block> blocks = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        String lastPath = null;
        int number = 0;
        int i = 0;
        while (i < lines.length) {
            String line = lines[i];
            if (REPLACE.matcher(line).matches()) {
                number++;
                errors.add("block " + number + ": '>>>>>>> REPLACE' at reply line " + (i + 1)
                        + " without a '<<<<<<< SEARCH' before it");
                i++;
                continue;
            }
            if (!SEARCH.matcher(line).matches()) {
                i++;
                continue;
            }
            number++;
            String path = pathBefore(lines, i);
            if (path == null) {
                path = lastPath;
            }
            int start = i + 1;
            int divider = -1;
            int end = -1;
            String problem = null;
            int j = start;
            for (; j < lines.length; j++) {
                if (DIVIDER.matcher(lines[j]).matches()) {
                    divider = j;
                    break;
                }
                if (REPLACE.matcher(lines[j]).matches() || SEARCH.matcher(lines[j]).matches()) {
                    break;
                }
            }
            if (divider < 0) {
                problem = "missing the '=======' line between SEARCH and REPLACE";
            } else {
                for (j = divider + 1; j < lines.length; j++) {
                    if (REPLACE.matcher(lines[j]).matches()) {
                        end = j;
                        break;
                    }
                    if (SEARCH.matcher(lines[j]).matches() || DIVIDER.matcher(lines[j]).matches()) {
                        break;
                    }
                }
                if (end < 0) {
                    problem = "missing the closing '>>>>>>> REPLACE' line";
                }
            }
            String label = "block " + number + (path == null ? "" : " (" + path + ")");
            if (problem != null) {
                errors.add(label + ": " + problem);
                // resume at the next marker that could start a block
                i = Math.max(j, start);
                if (i < lines.length && !SEARCH.matcher(lines[i]).matches()) {
                    i++;
                }
                continue;
            }
            if (path == null) {
                errors.add("block " + number + ": missing the file path line before '<<<<<<< SEARCH'");
            } else {
                blocks.add(new Block(path, join(lines, start, divider), join(lines, divider + 1, end)));
                lastPath = path;
            }
            i = end + 1;
        }
        return new Parsed(blocks, errors);
    }

    /** The path named on the nearest line before a SEARCH marker, skipping blank and fence lines; null if none. */
    private static String pathBefore(String[] lines, int marker) {
        for (int k = marker - 1; k >= 0; k--) {
            String line = lines[k];
            if (line.isBlank()) {
                continue;
            }
            if (FENCE.matcher(line).matches()) {
                String info = line.strip().substring(3).strip();
                String path = cleanPath(info);
                if (path != null && (path.contains(".") || path.contains("/"))) {
                    return path;
                }
                continue;
            }
            return cleanPath(line);
        }
        return null;
    }

    private static String cleanPath(String line) {
        String s = line.strip();
        if (s.startsWith("#")) {
            s = s.replaceFirst("^#+\\s*", "");
        }
        s = s.replaceAll("^[`*'\"]+|[`*'\":]+$", "").strip();
        if (s.startsWith("./")) {
            s = s.substring(2);
        }
        if (s.isEmpty() || s.chars().anyMatch(Character::isWhitespace) || REPLACE.matcher(s).matches()
                || DIVIDER.matcher(s).matches()) {
            return null;
        }
        return s;
    }

    private static String join(String[] lines, int from, int to) {
        StringBuilder out = new StringBuilder();
        for (int k = from; k < to; k++) {
            out.append(lines[k]).append('\n');
        }
        return out.toString();
    }
}
