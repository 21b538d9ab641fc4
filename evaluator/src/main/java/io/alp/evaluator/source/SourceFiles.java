package io.alp.evaluator.source;

import java.util.Map;

/** Reads a candidate's source: every file of a source reference (a commit), by path relative to the agent root. */
@FunctionalInterface
public interface SourceFiles {

    /** @throws IllegalArgumentException when the reference is unknown */
    Map<String, String> files(String sourceRef);
}
