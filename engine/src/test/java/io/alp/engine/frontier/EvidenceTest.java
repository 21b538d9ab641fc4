package io.alp.engine.frontier;

import io.alp.engine.model.Score;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvidenceTest {

    private static String mask(int cases, int... passed) {
        List<Boolean> passes = new ArrayList<>();
        for (int i = 0; i < cases; i++) {
            passes.add(false);
        }
        for (int p : passed) {
            passes.set(p, true);
        }
        return PassMask.encode(passes);
    }

    private static int[] range(int from, int to) {
        return java.util.stream.IntStream.range(from, to).toArray();
    }

    @Test
    void passMasksRoundTrip() {
        String m = mask(100, 0, 7, 64, 99);
        assertEquals(100, PassMask.length(m));
        assertEquals(List.of(0, 7, 64, 99), PassMask.decode(m).stream().boxed().toList());
    }

    @Test
    void signTestMatchesTheBinomialTailOnKnownCases() {
        // a wins 8 of 8 disagreements: P(X >= 8 | n=8, p=.5) = 1/256
        assertEquals(1.0 / 256, Evidence.signTestPValue(mask(20, range(0, 20)), mask(20, range(8, 20))), 1e-12);
        // 5 wins and 3 losses: P(X >= 5 | 8) = (56 + 28 + 8 + 1) / 256
        assertEquals(93.0 / 256, Evidence.signTestPValue(mask(20, range(0, 15)), mask(20, range(5, 18))), 1e-12);
        // identical results: no evidence at all
        assertEquals(1.0, Evidence.signTestPValue(mask(10, 1, 2), mask(10, 1, 2)), 0);
    }

    @Test
    void anApparentDominationWithinNoiseIsNotEvidence() {
        // 62 vs 60 passes of 100 at the same cost: a dominates b by point estimate, but only just
        ScoredNode a = new ScoredNode("a", Score.of(100, 62, 1.0), mask(100, range(0, 62)));
        ScoredNode b = new ScoredNode("b", Score.of(100, 60, 1.0), mask(100, range(2, 62)));
        assertTrue(Pareto.dominates(a, b));
        assertFalse(Evidence.clearlyDominates(a, b));

        FrontierTracker tracker = new FrontierTracker(2.0);
        tracker.add(b);
        FrontierUpdate u = tracker.add(a);
        assertEquals(List.of(), u.pruned(), "b must survive: its domination is within noise");
        assertEquals(List.of("a"), u.frontier());
    }

    @Test
    void aPairedWinOnManyCasesIsEvidenceAndALowerCostAloneIsNot() {
        ScoredNode strong = new ScoredNode("s", Score.of(100, 80, 1.0), mask(100, range(0, 80)));
        ScoredNode weak = new ScoredNode("w", Score.of(100, 60, 1.0), mask(100, range(0, 60)));
        assertTrue(Evidence.clearlyDominates(strong, weak));

        // half the cost and one case more: the dearer node may well pass more often
        ScoredNode cheap = new ScoredNode("c", Score.of(100, 61, 0.5), mask(100, range(0, 61)));
        assertFalse(Evidence.clearlyDominates(cheap, weak));
        assertFalse(Evidence.clearlyDominates(weak, cheap));
        ScoredNode cheapAndStrong = new ScoredNode("cs", Score.of(100, 80, 0.5), mask(100, range(0, 80)));
        assertTrue(Evidence.clearlyDominates(cheapAndStrong, weak));
    }

    @Test
    void aLuckyPointDoesNotCountAsMovingTheFrontier() {
        FrontierTracker tracker = new FrontierTracker(2.0);
        tracker.add(new ScoredNode("base", Score.of(100, 60, 1.0)));
        // one more pass than the baseline at the same cost: within half a standard error
        assertFalse(tracker.add(new ScoredNode("lucky", Score.of(100, 61, 1.0))).moved());
        // ten more passes: beyond it
        assertTrue(tracker.add(new ScoredNode("better", Score.of(100, 70, 1.0))).moved());
    }
}
