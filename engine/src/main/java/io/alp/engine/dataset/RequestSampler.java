package io.alp.engine.dataset;

import io.alp.engine.traffic.Request;

import java.time.Instant;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Draws a sample from a stream of requests in one pass with memory bounded by the sample size (times the number
 * of strata), deterministically for a seed: the same requests in any order give the same sample.
 */
public interface RequestSampler extends Consumer<Request> {

    Sample result();

    /**
     * @param now              the reference time for recency when the window has no end
     * @param excludedInputs   normalized-input hashes never to choose (the cases a regression dataset already has)
     */
    static RequestSampler of(SamplingPolicy policy, Instant now, Set<Long> excludedInputs) {
        if (policy instanceof SamplingPolicy.Debug d) {
            return new DebugSampler(d, now);
        }
        if (policy instanceof SamplingPolicy.Improve i) {
            return new ImproveSampler(i.size(), i.seed(), i.window(), i.stratifyBy(), excludedInputs);
        }
        SamplingPolicy.Regression r = (SamplingPolicy.Regression) policy;
        return new ImproveSampler(r.topUp(), r.seed(), r.window(), r.stratifyBy(), excludedInputs);
    }
}
