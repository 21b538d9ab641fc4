package io.alp.evaluator.edit;

import io.alp.evaluator.edit.SearchReplaceBlocks.Block;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Applies SEARCH/REPLACE blocks to a set of files, one after another, each on the result of the ones before. A
 * block's SEARCH is located in three layers, stopping at the first that finds it:
 * <ol>
 *     <li>{@link Match#EXACT}: the text occurs exactly once;</li>
 *     <li>{@link Match#WHITESPACE}: the lines match once when leading, trailing and repeated whitespace is
 *     ignored; the replacement is re-indented to the file's indentation;</li>
 *     <li>{@link Match#FUZZY}: one window of as many lines is at least {@value #FUZZY_THRESHOLD} similar (by
 *     Levenshtein distance over whitespace-normalized lines) and more similar than every other window.</li>
 * </ol>
 * More than one match in a layer is a failure, never a guess. A failed block leaves the files as they were and
 * says why, showing the closest lines found.
 */
public final class BlockApplier {

    public static final double FUZZY_THRESHOLD = 0.85;
    /** Above this many character comparisons the fuzzy layer is skipped (a huge file and a long SEARCH). */
    private static final long FUZZY_BUDGET = 300_000_000L;

    public enum Match { EXACT, WHITESPACE, FUZZY, CREATED }

    /**
     * @param number  the block's 1-based position in the list applied
     * @param match   how it was located, null when it failed
     * @param failure why it failed, null when it applied
     */
    public record Outcome(int number, Block block, Match match, String failure) {
        public boolean applied() {
            return failure == null;
        }
    }

    /** The files after every block that applied, and each block's outcome in order. */
    public record Result(SortedMap<String, String> files, List<Outcome> outcomes) {
        public Result {
            files = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(files));
            outcomes = List.copyOf(outcomes);
        }

        public boolean allApplied() {
            return outcomes.stream().allMatch(Outcome::applied);
        }

        public List<Outcome> failures() {
            return outcomes.stream().filter(o -> !o.applied()).toList();
        }
    }

    private final Predicate<String> editable;

    /** An applier that may change any path. */
    public BlockApplier() {
        this(path -> true);
    }

    /** An applier that refuses blocks on paths {@code editable} does not allow. */
    public BlockApplier(Predicate<String> editable) {
        this.editable = editable;
    }

    public Result apply(Map<String, String> files, List<Block> blocks) {
        SortedMap<String, String> current = new TreeMap<>(files);
        List<Outcome> outcomes = new ArrayList<>();
        int number = 0;
        for (Block block : blocks) {
            number++;
            outcomes.add(applyOne(current, number, block));
        }
        return new Result(current, outcomes);
    }

    private Outcome applyOne(SortedMap<String, String> files, int number, Block block) {
        String path = block.path();
        if (!editable.test(path)) {
            return new Outcome(number, block, null, "the path " + path + " is not editable");
        }
        String content = files.get(path);
        if (block.search().isBlank()) {
            if (content == null || content.isBlank()) {
                files.put(path, block.replace());
                return new Outcome(number, block, Match.CREATED, null);
            }
            return new Outcome(number, block, null, "an empty SEARCH creates a file, but " + path
                    + " exists and is not empty: quote the lines to replace in SEARCH");
        }
        if (content == null) {
            return new Outcome(number, block, null, "the file " + path + " does not exist (to create it, leave "
                    + "SEARCH empty)");
        }
        Located located = locate(content, block);
        if (located.failure != null) {
            return new Outcome(number, block, null, located.failure);
        }
        files.put(path, located.newContent);
        return new Outcome(number, block, located.match, null);
    }

    private record Located(Match match, String newContent, String failure) {
    }

    private static Located locate(String content, Block block) {
        String path = block.path();
        // layer 1: exact text; a file without a final newline is compared as if it had one
        boolean addedNewline = !content.endsWith("\n");
        String text = addedNewline ? content + "\n" : content;
        int exact = count(text, block.search());
        if (exact > 1) {
            return failure("the SEARCH text occurs " + exact + " times in " + path
                    + ": add surrounding lines to make it unique");
        }
        if (exact == 1) {
            int at = text.indexOf(block.search());
            String result = text.substring(0, at) + block.replace() + text.substring(at + block.search().length());
            if (addedNewline && result.endsWith("\n")) {
                result = result.substring(0, result.length() - 1);
            }
            return new Located(Match.EXACT, result, null);
        }

        Lines file = Lines.of(content);
        List<String> search = trimBlank(Lines.of(block.search()).lines);
        if (search.isEmpty()) {
            return failure("the SEARCH holds only blank lines and they do not occur in " + path);
        }
        List<String> replace = Lines.of(block.replace()).lines;
        int n = search.size();

        // layer 2: whitespace-insensitive lines
        List<String> normalizedSearch = search.stream().map(BlockApplier::normalize).toList();
        List<String> normalizedFile = file.lines.stream().map(BlockApplier::normalize).toList();
        List<Integer> hits = new ArrayList<>();
        for (int i = 0; i + n <= normalizedFile.size(); i++) {
            if (normalizedFile.subList(i, i + n).equals(normalizedSearch)) {
                hits.add(i);
            }
        }
        if (hits.size() > 1) {
            return failure("the SEARCH lines match " + hits.size() + " places in " + path
                    + " when whitespace is ignored (lines " + hits.stream().map(h -> String.valueOf(h + 1))
                    .reduce((a, b) -> a + ", " + b).orElse("") + "): add surrounding lines to make it unique");
        }
        if (hits.size() == 1) {
            return new Located(Match.WHITESPACE, file.replace(hits.get(0), n, reindent(replace, search,
                    file.lines.get(hits.get(0)))), null);
        }

        // layer 3: the most similar window of n lines
        int windows = file.lines.size() - n + 1;
        if (windows <= 0) {
            return failure("the SEARCH has " + n + " lines but " + path + " has only " + file.lines.size()
                    + " lines" + closest(file, 0, file.lines.size(), -1));
        }
        long fileChars = normalizedFile.stream().mapToLong(l -> l.length() + 1).sum();
        long searchChars = normalizedSearch.stream().mapToLong(l -> l.length() + 1).sum();
        if (fileChars * searchChars > FUZZY_BUDGET) {
            return failure("the SEARCH text does not occur in " + path + " (exactly or ignoring whitespace), "
                    + "and the file is too large to search for similar lines");
        }
        double[] scores = fuzzyScores(normalizedFile, normalizedSearch);
        int best = 0;
        for (int i = 1; i < windows; i++) {
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        if (scores[best] >= FUZZY_THRESHOLD) {
            int ties = 0;
            for (int i = 0; i < windows; i++) {
                if (Math.abs(scores[i] - scores[best]) < 1e-9) {
                    ties++;
                }
            }
            if (ties > 1) {
                return failure("the SEARCH lines are equally similar to " + ties + " places in " + path
                        + ": quote the current lines exactly" + closest(file, best, n, scores[best]));
            }
            return new Located(Match.FUZZY, file.replace(best, n, reindent(replace, search,
                    file.lines.get(best))), null);
        }
        return failure("the SEARCH lines were not found in " + path + " (no exact, whitespace-insensitive "
                + "or " + Math.round(FUZZY_THRESHOLD * 100) + "% similar match)" + closest(file, best, n,
                scores[best]));
    }

    private static Located failure(String reason) {
        return new Located(null, null, reason);
    }

    private static String closest(Lines file, int from, int n, double score) {
        if (file.lines.isEmpty()) {
            return "; the file is empty";
        }
        StringBuilder out = new StringBuilder("; the closest lines ");
        if (score >= 0) {
            out.append('(').append(Math.round(score * 100)).append("% similar) ");
        }
        int to = Math.min(file.lines.size(), from + n);
        out.append("are lines ").append(from + 1).append('-').append(to).append(":\n");
        for (int i = from; i < to; i++) {
            out.append(file.lines.get(i)).append('\n');
        }
        return out.toString();
    }

    /** Similarity of each window of {@code search.size()} lines to the search lines, in [0, 1]. */
    private static double[] fuzzyScores(List<String> file, List<String> search) {
        int n = search.size();
        int windows = file.size() - n + 1;
        // each (file line j, search line k) pair belongs to exactly one window, the one starting at j - k
        long[] distance = new long[windows];
        long[] length = new long[windows];
        for (int j = 0; j < file.size(); j++) {
            for (int k = 0; k < n; k++) {
                int window = j - k;
                if (window < 0 || window >= windows) {
                    continue;
                }
                distance[window] += levenshtein(file.get(j), search.get(k));
                length[window] += Math.max(file.get(j).length(), search.get(k).length());
            }
        }
        double[] scores = new double[windows];
        for (int i = 0; i < windows; i++) {
            scores[i] = length[i] == 0 ? 1.0 : 1.0 - (double) distance[i] / length[i];
        }
        return scores;
    }

    static int levenshtein(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        int[] previous = new int[b.length() + 1];
        int[] row = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            row[0] = i;
            char ca = a.charAt(i - 1);
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (ca == b.charAt(j - 1) ? 0 : 1);
                row[j] = Math.min(substitute, Math.min(previous[j], row[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = row;
            row = swap;
        }
        return previous[b.length()];
    }

    /**
     * The replacement re-indented: where the search's first line was indented by {@code s} and the file's matched
     * line by {@code f}, replacement lines starting with {@code s} start with {@code f} instead.
     */
    private static List<String> reindent(List<String> replace, List<String> search, String fileFirst) {
        String searchIndent = indent(search.get(0));
        String fileIndent = indent(fileFirst);
        if (searchIndent.equals(fileIndent)) {
            return replace;
        }
        List<String> out = new ArrayList<>(replace.size());
        for (String line : replace) {
            if (line.isBlank()) {
                out.add(line);
            } else if (line.startsWith(searchIndent)) {
                out.add(fileIndent + line.substring(searchIndent.length()));
            } else {
                out.add(line);
            }
        }
        return out;
    }

    private static String indent(String line) {
        int i = 0;
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
        }
        return line.substring(0, i);
    }

    static String normalize(String line) {
        return line.strip().replaceAll("\\s+", " ");
    }

    private static List<String> trimBlank(List<String> lines) {
        int from = 0;
        int to = lines.size();
        while (from < to && lines.get(from).isBlank()) {
            from++;
        }
        while (to > from && lines.get(to - 1).isBlank()) {
            to--;
        }
        return lines.subList(from, to);
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    /** A text as lines without their terminators, and whether it ended in a newline. */
    private record Lines(List<String> lines, boolean finalNewline) {
        static Lines of(String text) {
            if (text.isEmpty()) {
                return new Lines(List.of(), false);
            }
            boolean finalNewline = text.endsWith("\n");
            String body = finalNewline ? text.substring(0, text.length() - 1) : text;
            return new Lines(Arrays.asList(body.split("\n", -1)), finalNewline);
        }

        String replace(int from, int n, List<String> replacement) {
            List<String> out = new ArrayList<>(lines.subList(0, from));
            out.addAll(replacement);
            out.addAll(lines.subList(from + n, lines.size()));
            if (out.isEmpty()) {
                return "";
            }
            return String.join("\n", out) + (finalNewline ? "\n" : "");
        }
    }
}
