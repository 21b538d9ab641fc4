package io.alp.engine.search;

import io.alp.engine.frontier.Point;
import io.alp.engine.model.Case;
import io.alp.engine.model.Outcome;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RacingTest {

    private static final List<Case> DATASET = IntStream.range(0, 100)
            .mapToObj(i -> new Case("c" + i, "q" + i, Map.of())).toList();

    private static Map<String, Outcome> outcomes(IntPredicate passes, double cost) {
        Map<String, Outcome> out = new LinkedHashMap<>();
        for (int i = 0; i < DATASET.size(); i++) {
            out.put("c" + i, new Outcome("c" + i, passes.test(i), "", "", 10, 10, cost, 0.001, 1));
        }
        return out;
    }

    private static Map<String, Outcome> on(List<Case> cases, Map<String, Outcome> all) {
        Map<String, Outcome> out = new LinkedHashMap<>();
        cases.forEach(c -> out.put(c.id(), all.get(c.id())));
        return out;
    }

    /** Racing against a frontier, without a prior from the tree. */
    private static Racing.Context race(Point p) {
        return new Racing.Context(List.of(new Point.Simple(p.passRate(), p.cost())), Double.NaN, Double.NaN,
                Double.NaN);
    }

    @Test
    void theFirstStageFavoursWhatTheParentFailedAndLaterStagesDoNotRepeatIt() {
        Map<String, Outcome> parent = outcomes(i -> i % 2 == 0, 1.0);
        List<Case> first = Racing.stage(DATASET, parent, 0, 7);
        List<Case> second = Racing.stage(DATASET, parent, 1, 7);
        assertEquals(8, first.size(), "8% of 100 cases");
        assertTrue(first.stream().filter(c -> !parent.get(c.id()).pass()).count() >= 4, "half failures at least");
        Set<String> seen = new HashSet<>();
        first.forEach(c -> seen.add(c.id()));
        second.forEach(c -> assertTrue(seen.add(c.id()), c.id() + " in both stages"));
        assertEquals(first, Racing.stage(DATASET, parent, 0, 7), "deterministic for a seed");
    }

    @Test
    void decisionsOnKnownCounts() {
        Map<String, Outcome> parent = outcomes(i -> i < 50, 1.0);
        List<Case> batch = DATASET.subList(40, 60); // parent passed 40-49, failed 50-59
        Racing.Context parentOnTop = race(Point.of(0.50, 1.0));
        // fixes 5, breaks 0: 75% +- 9 points re-weighted, beyond the frontier even one sd lower
        var ahead = Racing.decide(on(batch, outcomes(i -> i < 55, 1.0)), parent, 0, parentOnTop);
        assertEquals(Racing.Verdict.FULL, ahead.verdict());
        assertTrue(ahead.reason().startsWith("beyond the frontier"), ahead.reason());
        assertEquals(5, ahead.fixed());
        // breaks 8, fixes 0: P(X >= 8 | n=8) = 1/256 by the sign test, -40 +- 8 points re-weighted: rejected at once
        var worse = Racing.decide(on(batch, outcomes(i -> i < 42, 1.0)), parent, 0, parentOnTop);
        assertEquals(Racing.Verdict.REJECT, worse.verdict());
        assertTrue(worse.pWorse() <= 1.0 / 256, "the sign test alone gives 1/256: " + worse.pWorse());
        // breaks 2, fixes 1: 45% +- 9, undecided after one minibatch; with less optimism later, dominated
        var undecided = on(batch, outcomes(i -> i < 48 || i == 50, 1.0));
        assertEquals(Racing.Verdict.CONTINUE, Racing.decide(undecided, parent, 0, parentOnTop).verdict());
        assertEquals(Racing.Verdict.REJECT, Racing.decide(undecided, parent, 1, parentOnTop).verdict());
        // no difference at all: undecided until the last stage, then not shown to be worse, so it goes on
        var same = on(batch, outcomes(i -> i < 50, 1.0));
        for (int stage = 0; stage + 1 < Racing.STAGES; stage++) {
            assertEquals(Racing.Verdict.CONTINUE, Racing.decide(same, parent, stage, parentOnTop).verdict());
        }
        assertEquals(Racing.Verdict.FULL, Racing.decide(same, parent, Racing.STAGES - 1, parentOnTop).verdict());
        // a little worse but half the price: nothing on the frontier is that cheap
        var cheap = Racing.decide(on(batch, outcomes(i -> i < 48 || i == 50, 0.5)), parent, 0, parentOnTop);
        assertEquals(Racing.Verdict.FULL, cheap.verdict());
        assertEquals(0.5, cheap.costRatio(), 1e-12);
    }

    @Test
    void theTopOfTheFrontierIsRacedWithMoreOptimism() {
        Map<String, Outcome> parent = outcomes(i -> i < 50, 1.0);
        List<Case> batch = DATASET.subList(40, 60);
        var behind = on(batch, outcomes(i -> i < 49, 1.0)); // breaks 1: 45% +- 7.3 points
        // the same rival at 48% decides differently: as the frontier's top, or with a dearer point passing more
        var asTop = race(Point.of(0.48, 1.0));
        var belowTop = new Racing.Context(List.of(new Point.Simple(0.48, 1.0), new Point.Simple(0.9, 3.0)),
                Double.NaN, Double.NaN, Double.NaN);
        int last = Racing.STAGES - 1;
        assertEquals(Racing.Verdict.FULL, Racing.decide(behind, parent, last, asTop).verdict());
        assertEquals(Racing.Verdict.REJECT, Racing.decide(behind, parent, last, belowTop).verdict());
    }

    @Test
    void aChildTheFrontierAlreadyBeatsAtItsPriceStops() {
        Map<String, Outcome> parent = outcomes(i -> i < 50, 1.0);
        List<Case> batch = DATASET.subList(40, 60);
        var level = on(batch, outcomes(i -> i < 50, 1.0)); // same cases as its parent, same cost
        // something on the frontier passes 75% for less: even optimistically (50% + 1.64 sd) this child does not
        var dominated = Racing.decide(level, parent, 0, race(Point.of(0.75, 0.9)));
        assertEquals(Racing.Verdict.REJECT, dominated.verdict());
        assertTrue(dominated.reason().startsWith("dominated"), dominated.reason());
        // what passes 75% costs more than this child: nothing on the frontier is as cheap, so it goes on
        assertEquals(Racing.Verdict.FULL, Racing.decide(level, parent, 0, race(Point.of(0.75, 1.1))).verdict());
        // a frontier point only a little better for less is within the child's uncertainty (50% + 1 sd = 56%)
        assertEquals(Racing.Verdict.CONTINUE, Racing.decide(level, parent, 0, race(Point.of(0.55, 0.9))).verdict());
        // a clearly cheaper child is measured against what the frontier offers at its own price
        var halfPrice = on(batch, outcomes(i -> i < 50, 0.5));
        assertEquals(Racing.Verdict.FULL,
                Racing.decide(halfPrice, parent, 0, race(Point.of(0.75, 0.9))).verdict());
        assertEquals(Racing.Verdict.REJECT,
                Racing.decide(halfPrice, parent, 0, race(Point.of(0.75, 0.4))).verdict());
    }

    @Test
    void theTreesPriorDecidesWhatOneMinibatchCannot() {
        Map<String, Outcome> parent = outcomes(i -> i < 50, 1.0);
        List<Case> batch = DATASET.subList(40, 60);
        Point.Simple cheaperAndBetter = new Point.Simple(0.54, 0.9);
        // level with its parent on the minibatch: alone, 50% +- 6 points might still beat 54%
        var level = on(batch, outcomes(i -> i < 50, 1.0));
        assertEquals(Racing.Verdict.CONTINUE, Racing.decide(level, parent, 0,
                new Racing.Context(List.of(cheaperAndBetter), Double.NaN, Double.NaN, Double.NaN)).verdict());
        // but the tree knows its parent at 50% +- 1 and that edits of this class move a pass-rate by about a point
        var tight = new Racing.Context(List.of(cheaperAndBetter), 0.50, 0.01, 0.01 * 0.01);
        assertEquals(Racing.Verdict.REJECT, Racing.decide(level, parent, 0, tight).verdict());

        // the other way: two cases broken on the minibatch look bad alone (40% +- 8), not against a parent known at 60%
        var unlucky = on(batch, outcomes(i -> i < 48, 1.0));
        Point.Simple rival = new Point.Simple(0.55, 0.9);
        assertEquals(Racing.Verdict.REJECT, Racing.decide(unlucky, parent, 0,
                new Racing.Context(List.of(rival), Double.NaN, Double.NaN, Double.NaN)).verdict());
        assertEquals(Racing.Verdict.FULL, Racing.decide(unlucky, parent, 0,
                new Racing.Context(List.of(rival), 0.60, 0.01, 0.01 * 0.01)).verdict());
    }

    @Test
    void aChildThatTrulyDominatesItsParentIsNeverDropped() {
        Random rng = new Random(3);
        for (int trial = 0; trial < 500; trial++) {
            // the parent passes a random 30-80% of cases; the child passes all of those and some more, no dearer
            double rate = 0.3 + 0.5 * rng.nextDouble();
            boolean[] parentPass = new boolean[DATASET.size()];
            boolean[] childPass = new boolean[DATASET.size()];
            for (int i = 0; i < parentPass.length; i++) {
                parentPass[i] = rng.nextDouble() < rate;
                childPass[i] = parentPass[i] || rng.nextDouble() < 0.2;
            }
            childPass[indexOfFirstFailure(parentPass)] = true;
            Map<String, Outcome> parent = outcomes(i -> parentPass[i], 1.0);
            Map<String, Outcome> child = outcomes(i -> childPass[i], 1.0 - 0.1 * rng.nextDouble());
            Map<String, Outcome> ran = new LinkedHashMap<>();
            Racing.Verdict verdict = Racing.Verdict.CONTINUE;
            for (int stage = 0; stage < Racing.STAGES && verdict == Racing.Verdict.CONTINUE; stage++) {
                ran.putAll(on(Racing.stage(DATASET, parent, stage, trial), child));
                // racing against a frontier that offers the parent's pass-rate for less than the child costs
                double parentRate = parent.values().stream().filter(Outcome::pass).count() / 100.0;
                verdict = Racing.decide(ran, parent, stage, race(Point.of(parentRate, 0.85))).verdict();
            }
            assertNotEquals(Racing.Verdict.REJECT, verdict, "trial " + trial);
        }
    }

    private static int indexOfFirstFailure(boolean[] passes) {
        for (int i = 0; i < passes.length; i++) {
            if (!passes[i]) {
                return i;
            }
        }
        return 0;
    }

    /**
     * The tree says edits of this class that raise the cost gain 15 points and those that cut it lose 15: a dearer
     * child is judged on the first prior, a cheaper one on the second, whatever the class as a whole says.
     */
    @Test
    void aChildIsJudgedOnThePriorOfEditsThatMovedTheCostAsItDoes() {
        Map<String, Outcome> parent = outcomes(i -> i < 50, 1.0);
        List<Case> batch = DATASET.subList(40, 60);
        List<Point.Simple> frontier = List.of(new Point.Simple(0.45, 0.4), new Point.Simple(0.60, 1.0));
        var byCost = new Racing.Context(frontier, 0.50, 0.01, 0.0004, new Racing.Prior(0.65, 0.0004),
                new Racing.Prior(0.35, 0.0004));
        var byClass = new Racing.Context(frontier, 0.50, 0.01, 0.0004);
        // children that pass what their parent did, at twice and at half its price
        var dearer = on(batch, outcomes(i -> i < 50, 2.0));
        var cheaper = on(batch, outcomes(i -> i < 50, 0.5));
        // the dearer one competes with the frontier's 60%: dearer edits' prior (65%) carries it, the class's does not
        assertTrue(Racing.decide(dearer, parent, 0, byCost).verdict() != Racing.Verdict.REJECT);
        assertEquals(Racing.Verdict.REJECT, Racing.decide(dearer, parent, 0, byClass).verdict());
        // the cheaper one competes with 45% at $0.40: cheaper edits' prior (35%) stops it, the class's does not
        assertEquals(Racing.Verdict.REJECT, Racing.decide(cheaper, parent, 0, byCost).verdict());
        assertTrue(Racing.decide(cheaper, parent, 0, byClass).verdict() != Racing.Verdict.REJECT);
    }
}
