package io.alp.engine.dataset;

import io.alp.engine.traffic.Request;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The debug policy: failures first, then the rest, each drawn by weighted sampling without replacement
 * (Efraimidis-Spirakis keys ln(u)/w) where the weight halves every half-life of age.
 */
final class DebugSampler implements RequestSampler {

    static final String FAILURES = "failures";
    static final String OTHERS = "others";

    private final SamplingPolicy.Debug policy;
    private final Instant reference;
    private final double halfLifeSeconds;
    private final Duplicates duplicates = new Duplicates();
    private final TopK failures;
    private final TopK others;
    private long seen;
    private long outside;
    private long filteredOut;
    private long failuresAvailable;
    private long othersAvailable;

    DebugSampler(SamplingPolicy.Debug policy, Instant now) {
        this.policy = policy;
        this.reference = policy.window().until() != null ? policy.window().until() : now;
        this.halfLifeSeconds = Math.max(1, policy.halfLife().toSeconds());
        this.failures = new TopK(policy.size(), duplicates);
        this.others = new TopK(policy.size(), duplicates);
    }

    @Override
    public void accept(Request r) {
        seen++;
        if (!policy.window().contains(r)) {
            outside++;
            return;
        }
        if (policy.filter() != null && !policy.filter().test(r)) {
            filteredOut++;
            return;
        }
        long inputHash = NormalizedInput.hash(r.input());
        double key = Math.log(NormalizedInput.uniform(policy.seed(), inputHash)) / weight(r);
        if (RequestFields.failure(r)) {
            failuresAvailable++;
            failures.offer(r, inputHash, key);
        } else {
            othersAvailable++;
            others.offer(r, inputHash, key);
        }
    }

    private double weight(Request r) {
        double ageSeconds = r.start() == null ? 4 * halfLifeSeconds
                : Math.max(0, Duration.between(r.start(), reference).toSeconds());
        // floor keeps very old requests drawable (weight 0 would make every key -infinity)
        return Math.max(Math.pow(0.5, ageSeconds / halfLifeSeconds), 1e-300);
    }

    @Override
    public Sample result() {
        List<Request> chosen = new ArrayList<>();
        Set<Long> inputs = new HashSet<>();
        int fromFailures = take(failures, chosen, inputs);
        int fromOthers = take(others, chosen, inputs);
        chosen.sort(java.util.Comparator.comparing(Request::id));
        Map<String, Long> available = new LinkedHashMap<>();
        available.put(FAILURES, failuresAvailable);
        available.put(OTHERS, othersAvailable);
        return new Sample(chosen, seen, outside, filteredOut, 0, available,
                Map.of(FAILURES, fromFailures, OTHERS, fromOthers), duplicates.result());
    }

    private int take(TopK from, List<Request> chosen, Set<Long> inputs) {
        int taken = 0;
        for (TopK.Entry e : from.best()) {
            if (chosen.size() >= policy.size()) {
                break;
            }
            if (inputs.add(e.inputHash())) {
                chosen.add(e.request());
                taken++;
            } else {
                duplicates.repeat(e.request(), chosen.stream()
                        .filter(c -> NormalizedInput.hash(c.input()) == e.inputHash()).findFirst().orElseThrow());
            }
        }
        return taken;
    }
}
