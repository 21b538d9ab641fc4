package io.alp.evaluator.edit;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The files of an agent that edits may change, as glob patterns over paths relative to the agent root
 * ({@code prompts/**}, {@code agent.json}, {@code **}{@code /*.md}). A pattern starting with {@code **}{@code /}
 * also matches at the root. Paths with a {@code ..} segment, absolute paths and backslashes are never allowed.
 */
public final class EditablePaths implements Predicate<String> {

    private final List<String> globs;
    private final List<PathMatcher> matchers;

    private EditablePaths(List<String> globs) {
        if (globs.isEmpty()) {
            throw new IllegalArgumentException("no editable path patterns given");
        }
        this.globs = List.copyOf(globs);
        List<PathMatcher> matchers = new ArrayList<>();
        for (String glob : globs) {
            if (glob == null || glob.isBlank()) {
                throw new IllegalArgumentException("an editable path pattern is blank");
            }
            String pattern = glob.strip();
            matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern));
            if (pattern.startsWith("**/")) {
                matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern.substring(3)));
            }
        }
        this.matchers = List.copyOf(matchers);
    }

    public static EditablePaths of(String... globs) {
        return new EditablePaths(List.of(globs));
    }

    public static EditablePaths of(List<String> globs) {
        return new EditablePaths(globs);
    }

    public boolean allows(String path) {
        if (path == null || path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.contains("\0")
                || path.matches("^[A-Za-z]:.*") || path.endsWith("/")) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals("..") || segment.equals(".") || segment.equals(".git")) {
                return false;
            }
        }
        Path relative;
        try {
            relative = Path.of(path);
        } catch (RuntimeException invalid) {
            return false;
        }
        for (PathMatcher matcher : matchers) {
            if (matcher.matches(relative)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean test(String path) {
        return allows(path);
    }

    @Override
    public String toString() {
        return String.join(", ", globs);
    }
}
