package io.alp.bench.search;

import io.alp.engine.model.Case;
import io.alp.engine.model.Outcome;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Hand-made cases, outcomes and candidates for the bench's unit tests. */
final class BenchTestData {

    private BenchTestData() {
    }

    static List<Case> cases(int n) {
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            cases.add(new Case("case-" + i, "input " + i, Map.of()));
        }
        return cases;
    }

    /** Outcomes on {@code cases}: the i-th passes when {@code passes.charAt(i) == '1'}. */
    static List<Outcome> outcomes(List<Case> cases, String passes) {
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            boolean pass = passes.charAt(i) == '1';
            outcomes.add(new Outcome(cases.get(i).id(), pass, pass ? "ok" : "wrong", "", 10, 10, 0.01, 0.001, 1.0));
        }
        return outcomes;
    }

    static Candidate candidate(String id, List<Case> cases, String passes) {
        return Candidate.of(id, null, null, "source-" + id, outcomes(cases, passes));
    }
}
