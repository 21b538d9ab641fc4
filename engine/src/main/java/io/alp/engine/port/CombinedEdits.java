package io.alp.engine.port;

import io.alp.engine.model.Edit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Materializes any edit, a {@linkplain Edit#combined combined} one by applying its parts in order on top of each
 * other with the world's own {@link Materializer}; what each application cost is added up. A part that cannot be
 * applied is skipped (the next part goes on from the source as it was) and named in the result
 * ({@link Materialized#skippedParts}); the edit fails only when no part could be applied.
 */
public final class CombinedEdits {

    private CombinedEdits() {
    }

    public static CompletionStage<Materialized> apply(Materializer materializer, String parentSource, Edit edit) {
        List<Edit> parts = edit.parts();
        return applyFrom(materializer, parts, new Progress(parentSource, parts.size()), 0);
    }

    /** What applying the parts so far made: the source, what it cost, and which parts were skipped and why. */
    private static final class Progress {
        private String source;
        private double costUsd;
        private final int parts;
        private final List<Integer> skipped = new ArrayList<>();
        private final List<String> failures = new ArrayList<>();

        Progress(String source, int parts) {
            this.source = source;
            this.parts = parts;
        }

        Materialized result() {
            if (skipped.isEmpty()) {
                return Materialized.ok(source, costUsd);
            }
            String failure = String.join("; ", failures);
            return skipped.size() == parts ? Materialized.failed(failure, costUsd)
                    : Materialized.partly(source, costUsd, skipped, failure);
        }
    }

    private static CompletionStage<Materialized> applyFrom(Materializer materializer, List<Edit> parts,
                                                           Progress progress, int next) {
        if (next == parts.size()) {
            return CompletableFuture.completedFuture(progress.result());
        }
        // a materializer that throws or fails its result fails that part only
        String source = progress.source;
        return Materialized.guarded(() -> materializer.apply(source, parts.get(next))).thenCompose(m -> {
            progress.costUsd += m.costUsd();
            if (m.applied()) {
                progress.source = m.sourceRef();
            } else {
                progress.skipped.add(next);
                progress.failures.add(parts.size() == 1 ? m.failure()
                        : "part " + (next + 1) + " of " + parts.size() + " (" + parts.get(next).description()
                                + ") could not be applied: " + m.failure());
            }
            return applyFrom(materializer, parts, progress, next + 1);
        });
    }
}
