package io.alp.engine.dataset;

import io.alp.engine.traffic.Request;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The improve policy (and a regression's top-up): a uniform sample of distinct inputs, stratified by a key with
 * each stratum's share proportional to its share of the traffic in the window.
 */
final class ImproveSampler implements RequestSampler {

    static final String ALL = "all";
    static final String NONE = "(none)";
    /** Each stratum keeps up to {@code size} candidates, so the number of strata bounds memory. */
    static final int MAX_STRATA = 1000;

    private final int size;
    private final long seed;
    private final TimeWindow window;
    private final String stratifyBy;
    private final Set<Long> excludedInputs;
    private final Map<String, TopK> strata = new TreeMap<>();
    private final Map<String, Long> counts = new TreeMap<>();
    private final Duplicates duplicates = new Duplicates();
    private long seen;
    private long outside;
    private long excluded;

    ImproveSampler(int size, long seed, TimeWindow window, String stratifyBy, Set<Long> excludedInputs) {
        this.size = size;
        this.seed = seed;
        this.window = window;
        this.stratifyBy = stratifyBy;
        this.excludedInputs = Set.copyOf(excludedInputs);
    }

    @Override
    public void accept(Request r) {
        seen++;
        if (!window.contains(r)) {
            outside++;
            return;
        }
        long inputHash = NormalizedInput.hash(r.input());
        if (excludedInputs.contains(inputHash)) {
            excluded++;
            return;
        }
        String stratum = stratifyBy == null ? ALL : RequestFields.value(r, stratifyBy).orElse(NONE);
        TopK top = strata.get(stratum);
        if (top == null) {
            if (strata.size() >= MAX_STRATA) {
                throw new IllegalArgumentException("stratifyBy " + stratifyBy + " has more than " + MAX_STRATA
                        + " distinct values; stratify by a coarser key");
            }
            top = new TopK(size, duplicates);
            strata.put(stratum, top);
        }
        counts.merge(stratum, 1L, Long::sum);
        top.offer(r, inputHash, NormalizedInput.uniform(seed, inputHash));
    }

    @Override
    public Sample result() {
        Map<String, List<TopK.Entry>> candidates = new TreeMap<>();
        Map<String, Integer> capacity = new TreeMap<>();
        strata.forEach((s, top) -> {
            List<TopK.Entry> best = top.best();
            candidates.put(s, best);
            capacity.put(s, best.size());
        });
        Map<String, Integer> quota = Allocation.proportional(counts, capacity, size);
        List<Request> chosen = new ArrayList<>();
        Set<Long> inputs = new HashSet<>();
        Map<String, Integer> taken = new TreeMap<>();
        quota.forEach((s, q) -> {
            int n = 0;
            for (TopK.Entry e : candidates.get(s)) {
                if (n == q) {
                    break;
                }
                if (inputs.add(e.inputHash())) {
                    chosen.add(e.request());
                    n++;
                } else {
                    duplicates.repeat(e.request(), chosen.stream()
                            .filter(c -> NormalizedInput.hash(c.input()) == e.inputHash()).findFirst().orElseThrow());
                }
            }
            taken.put(s, n);
        });
        chosen.sort(Comparator.comparing(Request::id));
        return new Sample(chosen, seen, outside, 0, excluded, counts, taken, duplicates.result());
    }
}
