package io.alp.bench.search;

import io.alp.engine.model.Outcome;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** GEPA's gate: a child joins the pool only if it passes at least as many minibatch cases as its parent. */
final class MinibatchAcceptance {

    private MinibatchAcceptance() {
    }

    /** @throws IllegalArgumentException when the two were not evaluated on the same cases */
    static boolean accepts(List<Outcome> parentOnBatch, List<Outcome> childOnBatch) {
        if (!caseIds(parentOnBatch).equals(caseIds(childOnBatch)) || parentOnBatch.size() != childOnBatch.size()) {
            throw new IllegalArgumentException("parent and child were not evaluated on the same minibatch");
        }
        return passes(childOnBatch) >= passes(parentOnBatch);
    }

    private static long passes(List<Outcome> outcomes) {
        return outcomes.stream().filter(Outcome::pass).count();
    }

    private static Set<String> caseIds(List<Outcome> outcomes) {
        return outcomes.stream().map(Outcome::caseId).collect(Collectors.toSet());
    }
}
