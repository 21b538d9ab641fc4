package io.alp.engine.port;

/**
 * The result of applying an edit: the child's source reference, or why the edit could not be applied.
 * A materialized candidate whose content equals its parent's is still a success; callers may compare hashes.
 */
public record Materialized(boolean applied, String sourceRef, String failure, double costUsd) {

    public static Materialized ok(String sourceRef, double costUsd) {
        return new Materialized(true, sourceRef, null, costUsd);
    }

    public static Materialized failed(String failure, double costUsd) {
        return new Materialized(false, null, failure, costUsd);
    }
}
