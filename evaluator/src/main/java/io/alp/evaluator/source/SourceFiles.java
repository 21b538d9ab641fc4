package io.alp.evaluator.source;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/** Reads a candidate's source: every file of a source reference (a commit), by path relative to the agent root. */
@FunctionalInterface
public interface SourceFiles {

    /** @throws IllegalArgumentException when the reference is unknown */
    Map<String, String> files(String sourceRef);

    /**
     * The files of a source reference whose paths {@code paths} accepts, sorted by path.
     *
     * @throws IllegalArgumentException when the reference is unknown
     */
    default SortedMap<String, String> files(String sourceRef, Predicate<String> paths) {
        SortedMap<String, String> kept = new TreeMap<>();
        files(sourceRef).forEach((path, content) -> {
            if (paths.test(path)) {
                kept.put(path, content);
            }
        });
        return kept;
    }
}
