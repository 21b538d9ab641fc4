package io.alp.bench.search;

import io.alp.engine.model.Case;
import io.alp.engine.model.Edit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The candidates a baseline search evaluated on every case, the sources it has already paid for (a source is
 * never evaluated twice), and the edits it has tried on each candidate.
 */
final class Pool {

    private final List<Case> cases;
    private final Map<String, Candidate> members = new LinkedHashMap<>();
    private final Set<String> seen = new HashSet<>();
    private final Map<String, List<Edit>> tried = new LinkedHashMap<>();
    private int ids;

    Pool(List<Case> cases) {
        this.cases = List.copyOf(cases);
    }

    /** Evaluates the baseline on every case and adds it; empty when even that does not fit in the budget. */
    static Optional<Pool> start(MeteredWorld metered, List<Case> cases) {
        Pool pool = new Pool(cases);
        String source = metered.baselineSource();
        return metered.evaluate(source, cases).map(outcomes -> {
            pool.markSeen(source);
            pool.add(Candidate.of(pool.nextId(), null, null, source, outcomes));
            return pool;
        });
    }

    List<Case> cases() {
        return cases;
    }

    String nextId() {
        return "c" + ids++;
    }

    boolean seen(String source) {
        return seen.contains(source);
    }

    void markSeen(String source) {
        seen.add(source);
    }

    /** Adds a candidate evaluated on every case. */
    void add(Candidate candidate) {
        if (candidate.outcomes().size() != cases.size()) {
            throw new IllegalArgumentException(candidate.id() + " has " + candidate.outcomes().size()
                    + " outcomes, not one per case of " + cases.size());
        }
        members.put(candidate.id(), candidate);
    }

    List<Candidate> members() {
        return List.copyOf(members.values());
    }

    Candidate baseline() {
        return members.values().iterator().next();
    }

    Optional<Candidate> get(String id) {
        return Optional.ofNullable(id == null ? null : members.get(id));
    }

    void tried(Candidate parent, Edit edit) {
        tried.computeIfAbsent(parent.id(), k -> new ArrayList<>()).add(edit);
    }

    boolean wasTried(Candidate parent, Edit edit) {
        return tried.getOrDefault(parent.id(), List.of()).stream().anyMatch(edit::sameChangeAs);
    }

    /** What a proposer must not propose for {@code parent}: its branch's edits and every edit tried on it. */
    List<Edit> exclusions(Candidate parent) {
        List<Edit> exclude = new ArrayList<>(parent.branchEdits());
        exclude.addAll(tried.getOrDefault(parent.id(), List.of()));
        return exclude;
    }

    MethodResult result(MeteredWorld metered) {
        return metered.result(members.values().stream().map(Candidate::evaluated).toList());
    }
}
