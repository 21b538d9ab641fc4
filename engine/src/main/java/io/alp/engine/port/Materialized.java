package io.alp.engine.port;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The result of applying an edit: the child's source reference, or why the edit could not be applied.
 * A materialized candidate whose content equals its parent's is still a success; callers may compare hashes.
 *
 * @param skippedParts the parts of a combined edit that could not be applied (0-based, ascending) while the others
 *                     were; {@code failure} then says why. Empty for an edit applied whole.
 */
public record Materialized(boolean applied, String sourceRef, String failure, double costUsd,
                           List<Integer> skippedParts) {

    public Materialized {
        skippedParts = List.copyOf(skippedParts);
    }

    public static Materialized ok(String sourceRef, double costUsd) {
        return new Materialized(true, sourceRef, null, costUsd, List.of());
    }

    /** A combined edit applied without the parts at {@code skippedParts}, for the reasons in {@code failure}. */
    public static Materialized partly(String sourceRef, double costUsd, List<Integer> skippedParts, String failure) {
        return new Materialized(true, sourceRef, failure, costUsd, skippedParts);
    }

    public static Materialized failed(String failure, double costUsd) {
        return new Materialized(false, null, failure, costUsd, List.of());
    }

    /**
     * What {@code attempt} makes of an edit, with a materializer that throws, or whose result completes with an
     * error, turned into an edit that was not applied ({@link #notApplied}).
     */
    public static CompletionStage<Materialized> guarded(Supplier<CompletionStage<Materialized>> attempt) {
        CompletionStage<Materialized> result;
        try {
            result = attempt.get();
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.handle((m, error) -> error == null ? m : notApplied(error));
    }

    /** Why an edit whose materializer threw, or whose result completed with an error, was not applied. */
    public static Materialized notApplied(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return failed("the edit could not be applied: " + cause.getMessage(), 0);
    }
}
