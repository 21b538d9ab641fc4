package io.alp.bench.search;

import io.alp.engine.model.Case;
import io.alp.engine.model.Edit;
import io.alp.engine.model.Outcome;
import io.alp.engine.model.Score;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A version of the agent a baseline search evaluated: its source, the edits from the baseline down to it, and its
 * judged outcomes by case id.
 *
 * @param parentId null for the baseline
 */
record Candidate(String id, String parentId, String source, List<Edit> branchEdits, Map<String, Outcome> outcomes) {

    Candidate {
        branchEdits = List.copyOf(branchEdits);
        outcomes = Collections.unmodifiableMap(new LinkedHashMap<>(outcomes));
    }

    static Candidate of(String id, Candidate parent, Edit edit, String source, List<Outcome> outcomes) {
        List<Edit> branch = parent == null ? List.of() : append(parent.branchEdits(), edit);
        Map<String, Outcome> byCase = new LinkedHashMap<>();
        outcomes.forEach(o -> byCase.put(o.caseId(), o));
        return new Candidate(id, parent == null ? null : parent.id(), source, branch, byCase);
    }

    /** This candidate with more outcomes (e.g. the rest of the dataset after a minibatch). */
    Candidate with(List<Outcome> more) {
        Map<String, Outcome> all = new LinkedHashMap<>(outcomes);
        more.forEach(o -> all.put(o.caseId(), o));
        return new Candidate(id, parentId, source, branchEdits, all);
    }

    /** Its outcomes on {@code cases}, in their order; every case must have been evaluated. */
    List<Outcome> on(List<Case> cases) {
        return cases.stream().map(c -> {
            Outcome o = outcomes.get(c.id());
            if (o == null) {
                throw new IllegalStateException(id + " was not evaluated on case " + c.id());
            }
            return o;
        }).toList();
    }

    Score score() {
        return Score.of(outcomes.values());
    }

    boolean passes(String caseId) {
        Outcome o = outcomes.get(caseId);
        return o != null && o.pass();
    }

    Evaluated evaluated() {
        Score s = score();
        return new Evaluated(source, s.passRate(), s.costPerCase());
    }

    private static List<Edit> append(List<Edit> edits, Edit edit) {
        List<Edit> all = new ArrayList<>(edits);
        all.add(edit);
        return all;
    }
}
