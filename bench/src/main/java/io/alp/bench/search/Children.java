package io.alp.bench.search;

import io.alp.engine.model.Edit;
import io.alp.engine.model.Outcome;
import io.alp.engine.port.Materialized;

import java.util.List;
import java.util.Optional;

/** Making a child of a candidate with one edit, and evaluating it on every case. */
final class Children {

    enum Status {
        /** The child's source is new and ready to evaluate. */
        READY,
        /** The child was evaluated on every case and joined the pool. */
        EVALUATED,
        /** The edit did not apply, or it gave a source already paid for. */
        SKIPPED,
        /** The next call does not fit in what is left of the budget. */
        OUT_OF_BUDGET
    }

    record Attempt(Status status, String source, Candidate child) {
        static Attempt of(Status status) {
            return new Attempt(status, null, null);
        }
    }

    private Children() {
    }

    /** Applies {@code edit} to {@code parent} and records the edit as tried on it. */
    static Attempt source(MeteredWorld metered, Pool pool, Candidate parent, Edit edit) {
        pool.tried(parent, edit);
        Optional<Materialized> m = metered.materialize(parent.source(), edit);
        if (m.isEmpty()) {
            return Attempt.of(Status.OUT_OF_BUDGET);
        }
        if (!m.get().applied() || pool.seen(m.get().sourceRef())) {
            return Attempt.of(Status.SKIPPED);
        }
        return new Attempt(Status.READY, m.get().sourceRef(), null);
    }

    /** Applies {@code edit} to {@code parent} and evaluates the child on every case of the pool. */
    static Attempt evaluateFully(MeteredWorld metered, Pool pool, Candidate parent, Edit edit) {
        Attempt made = source(metered, pool, parent, edit);
        if (made.status() != Status.READY) {
            return made;
        }
        Optional<List<Outcome>> outcomes = metered.evaluate(made.source(), pool.cases());
        if (outcomes.isEmpty()) {
            return Attempt.of(Status.OUT_OF_BUDGET);
        }
        pool.markSeen(made.source());
        Candidate child = Candidate.of(pool.nextId(), parent, edit, made.source(), outcomes.get());
        pool.add(child);
        return new Attempt(Status.EVALUATED, made.source(), child);
    }
}
