package io.alp.engine.evaluation;

import io.alp.engine.model.Outcome;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Outcomes already paid for, keyed by (judge configuration, candidate content, case): an identical candidate reached
 * twice (A+B equal to B+A, an edit that changes nothing) is never evaluated or charged again. The scope names
 * everything that makes an outcome valid besides the candidate and the case: the world or agent and its judge
 * configuration. Candidate sources are content identities (a canonical spec, or a commit's tree hash).
 */
public final class EvaluationCache {

    private record Key(Object scope, String sourceRef, String caseId) {
    }

    private final Map<Key, Outcome> outcomes = new ConcurrentHashMap<>();
    private final AtomicLong hits = new AtomicLong();

    public Optional<Outcome> get(Object scope, String sourceRef, String caseId) {
        Outcome o = outcomes.get(new Key(scope, sourceRef, caseId));
        if (o != null) {
            hits.incrementAndGet();
        }
        return Optional.ofNullable(o);
    }

    public void put(Object scope, String sourceRef, Outcome outcome) {
        outcomes.putIfAbsent(new Key(scope, sourceRef, outcome.caseId()), outcome);
    }

    public long hits() {
        return hits.get();
    }

    public int size() {
        return outcomes.size();
    }
}
