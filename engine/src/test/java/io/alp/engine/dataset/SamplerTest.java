package io.alp.engine.dataset;

import io.alp.engine.traffic.Request;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static io.alp.engine.dataset.Requests.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SamplerTest {

    private static final TimeWindow WEEK = new TimeWindow(NOW.minus(Duration.ofDays(7)), NOW);

    /** 2000 requests over the week: routes a/b/c in 60/30/10 proportion. */
    private static List<Request> traffic() {
        List<Request> all = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            String route = i % 10 < 6 ? "a" : i % 10 < 9 ? "b" : "c";
            Instant at = NOW.minus(Duration.ofMinutes(5L * i + 1));
            all.add(Requests.request("r" + i, "question number " + i, at, Map.of("route", route)));
        }
        return all;
    }

    private static Sample run(SamplingPolicy policy, List<Request> requests) {
        RequestSampler s = RequestSampler.of(policy, NOW, Set.of());
        requests.forEach(s);
        return s.result();
    }

    private static List<String> ids(Sample s) {
        return s.requests().stream().map(Request::id).toList();
    }

    @Test
    void improveIsDeterministicForASeedWhateverTheOrder() {
        List<Request> shuffled = new ArrayList<>(traffic());
        Collections.shuffle(shuffled, new Random(1));
        SamplingPolicy p = new SamplingPolicy.Improve(100, 7, WEEK, null);
        assertEquals(ids(run(p, traffic())), ids(run(p, shuffled)));
        assertEquals(100, run(p, traffic()).requests().size());
        assertNotEquals(ids(run(p, traffic())), ids(run(new SamplingPolicy.Improve(100, 8, WEEK, null), traffic())));
    }

    @Test
    void improveKeepsTheStrataProportions() {
        Sample s = run(new SamplingPolicy.Improve(50, 3, WEEK, "route"), traffic());
        assertEquals(Map.of("a", 30, "b", 15, "c", 5), s.chosen());
        assertEquals(30, s.requests().stream().filter(r -> r.attributes().get("route").equals("a")).count());
        assertEquals(Map.of("a", 1200L, "b", 600L, "c", 200L), s.available());
    }

    @Test
    void improveTakesOneCasePerNormalizedInputAndStaysInTheWindow() {
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            requests.add(Requests.request("d" + i, (i % 2 == 0 ? "Reset my  PASSWORD" : "reset my password "),
                    NOW.minusSeconds(60 + i), Map.of()));
        }
        requests.add(Requests.request("old", "something else", NOW.minus(Duration.ofDays(30)), Map.of()));
        requests.add(Requests.request("new", "another thing", NOW.minusSeconds(5), Map.of()));
        Sample s = run(new SamplingPolicy.Improve(10, 1, WEEK, null), requests);
        assertEquals(2, s.requests().size());
        assertTrue(ids(s).contains("new"));
        assertEquals(1, s.outsideWindow());
    }

    @Test
    void debugTakesEveryFailureBeforeAnythingElse() {
        List<Request> requests = new ArrayList<>(traffic());
        for (int i = 0; i < 12; i++) {
            requests.add(Requests.failing("f" + i, "complaint " + i, NOW.minus(Duration.ofDays(i % 6)).minusSeconds(1)));
        }
        requests.add(Requests.erroring("e1", "crash please", NOW.minusSeconds(10)));
        Sample s = run(new SamplingPolicy.Debug(20, 5, WEEK, null, Duration.ofDays(2)), requests);
        assertEquals(20, s.requests().size());
        assertEquals(13, s.chosen().get(DebugSampler.FAILURES));
        assertEquals(7, s.chosen().get(DebugSampler.OTHERS));
        assertTrue(ids(s).containsAll(List.of("e1", "f0", "f11")));
    }

    @Test
    void debugPrefersRecentRequests() {
        Sample s = run(new SamplingPolicy.Debug(100, 11, WEEK, null, Duration.ofDays(1)), traffic());
        double meanAgeDays = s.requests().stream()
                .mapToDouble(r -> Duration.between(r.start(), NOW).toMinutes() / 1440.0).average().orElseThrow();
        // the population is spread evenly over ~7 days (mean age 3.5); a one-day half-life pulls the sample in
        assertTrue(meanAgeDays < 2.0, "mean age " + meanAgeDays);
    }

    @Test
    void debugAppliesItsFilter() {
        List<Request> requests = new ArrayList<>(traffic());
        requests.add(Requests.erroring("e1", "crash please", NOW.minusSeconds(10)));
        Sample s = run(new SamplingPolicy.Debug(10, 5, WEEK, RequestFilter.parse("route = c or error"),
                Duration.ofDays(2)), requests);
        assertTrue(s.requests().stream().allMatch(r -> r.error() || r.attributes().get("route").equals("c")));
        assertEquals(1800, s.filteredOut());
    }

    @Test
    void aTopUpNeverRepeatsAnExcludedInput() {
        List<Request> requests = traffic().subList(0, 40);
        Set<Long> excluded = new java.util.HashSet<>();
        for (int i = 0; i < 30; i++) {
            excluded.add(NormalizedInput.hash("question number " + i));
        }
        RequestSampler s = RequestSampler.of(new SamplingPolicy.Regression("ds-x", 20, 1, WEEK, null), NOW,
                excluded);
        requests.forEach(s);
        Sample result = s.result();
        assertEquals(10, result.requests().size());
        assertEquals(30, result.excluded());
    }
}
