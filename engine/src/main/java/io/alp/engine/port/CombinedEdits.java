package io.alp.engine.port;

import io.alp.engine.model.Edit;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Materializes any edit, a {@linkplain Edit#combined combined} one by applying its parts in order on top of each
 * other with the world's own {@link Materializer}; what each application cost is added up, and a part that cannot be
 * applied fails the whole edit, naming the part.
 */
public final class CombinedEdits {

    private CombinedEdits() {
    }

    public static CompletionStage<Materialized> apply(Materializer materializer, String parentSource, Edit edit) {
        return applyFrom(materializer, parentSource, edit.parts(), 0, 0);
    }

    private static CompletionStage<Materialized> applyFrom(Materializer materializer, String source, List<Edit> parts,
                                                           int next, double costUsd) {
        if (next == parts.size()) {
            return CompletableFuture.completedFuture(Materialized.ok(source, costUsd));
        }
        return materializer.apply(source, parts.get(next)).thenCompose(m -> {
            double total = costUsd + m.costUsd();
            if (!m.applied()) {
                String failure = parts.size() == 1 ? m.failure()
                        : "part " + (next + 1) + " of " + parts.size() + " (" + parts.get(next).description()
                                + ") could not be applied: " + m.failure();
                return CompletableFuture.completedFuture(Materialized.failed(failure, total));
            }
            return applyFrom(materializer, m.sourceRef(), parts, next + 1, total);
        });
    }
}
