package io.alp.engine.search;

import io.alp.engine.model.EditClass;
import io.alp.engine.port.ReflectionGoal;
import io.alp.engine.tree.SearchTree;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParentSelectorTest {

    private static final int DRAWS = 20_000;

    /** Five frontier nodes with equal shares of the hypervolume, expanded {@code expansions[i]} times. */
    private static List<ParentSelector.Candidate> frontier(int... expansions) {
        SearchTree t = Trees.withRoot(10, 1.0);
        for (int i = 1; i < 5; i++) {
            Trees.scored(t, "n" + i, SearchTree.ROOT, Trees.edit(EditClass.PROMPT, "e" + i), 10 + 20 * i,
                    1.0 + i, true);
        }
        for (int i = 0; i < 5; i++) {
            for (int e = 0; e < expansions[i]; e++) {
                t.markExpanded("n" + i);
            }
        }
        return t.nodes().stream().map(n -> new ParentSelector.Candidate(n, 0.2)).toList();
    }

    private static Map<String, Integer> draw(List<ParentSelector.Candidate> frontier, int maxExpansions, long seed) {
        Random rng = new Random(seed);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < DRAWS; i++) {
            String id = ParentSelector.select(frontier, maxExpansions, i, rng).orElseThrow().node().id();
            counts.merge(id, 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void everyRegionOfTheFrontierIsDrawn() {
        Map<String, Integer> counts = draw(frontier(0, 0, 0, 0, 0), 3, 1);
        assertEquals(5, counts.size(), counts.toString());
        for (int i = 0; i < 5; i++) {
            // equal weights: each should get about a fifth
            int c = counts.get("n" + i);
            assertTrue(c > DRAWS / 5 * 0.85 && c < DRAWS / 5 * 1.15, "n" + i + " drawn " + c + " times");
        }
    }

    @Test
    void nodesExpandedMoreAreDrawnLessOften() {
        Map<String, Integer> counts = draw(frontier(0, 1, 2, 0, 1), 5, 2);
        assertEquals(5, counts.size(), "every open node is still drawn sometimes: " + counts);
        int fresh = Math.min(counts.get("n0"), counts.get("n3"));
        int once = Math.max(counts.get("n1"), counts.get("n4"));
        int twice = counts.get("n2");
        assertTrue(fresh > once, counts.toString());
        assertTrue(once > twice, counts.toString());
        // weights fall with the square of (1 + expansions): 1 : 1/4 : 1/9 between nodes of equal share
        assertEquals(4.0, (double) counts.get("n0") / counts.get("n1"), 0.6);
        assertEquals(9.0, (double) counts.get("n3") / counts.get("n2"), 1.5);
    }

    @Test
    void nodesThatHoldUpMoreOfTheHypervolumeAreDrawnMoreOften() {
        SearchTree t = Trees.withRoot(10, 1.0);
        Trees.scored(t, "n1", SearchTree.ROOT, Trees.edit(EditClass.TOOL, "a"), 20, 1.01, true);
        Trees.scored(t, "n2", SearchTree.ROOT, Trees.edit(EditClass.TOOL, "b"), 90, 5.0, true);
        Map<String, Integer> counts = draw(List.of(new ParentSelector.Candidate(t.get("n0"), 0.1),
                new ParentSelector.Candidate(t.get("n1"), 0.1), new ParentSelector.Candidate(t.get("n2"), 0.8)), 3, 3);
        // weights 0.02 + share: 0.12 : 0.12 : 0.82
        assertEquals(0.82 / 0.12, (double) counts.get("n2") / counts.get("n1"), 0.8);
        assertEquals(1.0, (double) counts.get("n0") / counts.get("n1"), 0.15);
    }

    @Test
    void aNodeOffTheFrontierIsStillDrawnNowAndThen() {
        SearchTree t = Trees.withRoot(10, 1.0);
        Trees.scored(t, "n1", SearchTree.ROOT, Trees.edit(EditClass.TOOL, "a"), 20, 1.01, true);
        Map<String, Integer> counts = draw(List.of(new ParentSelector.Candidate(t.get("n0"), 1.0),
                new ParentSelector.Candidate(t.get("n1"), 0)), 3, 3);
        // the floor: 0.02 against 1.02
        double share = (double) counts.getOrDefault("n1", 0) / DRAWS;
        assertEquals(0.02 / 1.04, share, 0.006);
    }

    @Test
    void theDearEndIsServedByThompsonSamplingOnPassRates() {
        SearchTree t = Trees.withRoot(10, 1.0);
        Trees.scored(t, "cheap", SearchTree.ROOT, Trees.edit(EditClass.MEMORY, "a"), 60, 0.1, true);
        Trees.scored(t, "top", SearchTree.ROOT, Trees.edit(EditClass.TOOL, "b"), 80, 1.9, true);
        Trees.scored(t, "near", SearchTree.ROOT, Trees.edit(EditClass.TOOL, "c"), 79, 1.8, true);
        // the cheap node holds up nearly all of the hypervolume; the top two are a near tie on pass-rate
        Map<String, Integer> counts = draw(List.of(
                new ParentSelector.Candidate(t.get("cheap"), 0.96, 0.60, 0.02),
                new ParentSelector.Candidate(t.get("top"), 0.02, 0.80, 0.02),
                new ParentSelector.Candidate(t.get("near"), 0.02, 0.79, 0.02)), 3, 8);
        double half = ParentSelector.TOP_SHARE * DRAWS;
        int dear = counts.get("top") + counts.get("near");
        // the top's draws go to the two dear nodes (plus their small hypervolume shares), none to the cheap one
        assertEquals(half + (1 - ParentSelector.TOP_SHARE) * DRAWS * 0.08 / 1.06, dear, 0.03 * DRAWS);
        // a one-point lead over the posterior's spread of two points wins more often, not always
        assertTrue(counts.get("top") > 1.2 * counts.get("near") && counts.get("near") > 0.2 * half, counts.toString());
    }

    @Test
    void drawsForTheTopAskForEditsThatServeIt() {
        SearchTree t = Trees.withRoot(10, 1.0);
        Trees.scored(t, "cheap", SearchTree.ROOT, Trees.edit(EditClass.MEMORY, "a"), 60, 0.1, true);
        Trees.scored(t, "top", SearchTree.ROOT, Trees.edit(EditClass.TOOL, "b"), 80, 1.9, true);
        List<ParentSelector.Candidate> f = List.of(
                new ParentSelector.Candidate(t.get("cheap"), 0.98, 0.60, 0.01),
                new ParentSelector.Candidate(t.get("top"), 0.02, 0.80, 0.01));
        Random rng = new Random(9);
        Map<ReflectionGoal, Integer> goals = new HashMap<>();
        for (int i = 0; i < DRAWS; i++) {
            ParentSelector.Draw d = ParentSelector.select(f, 3, i, rng).orElseThrow();
            goals.merge(d.goal(), 1, Integer::sum);
            if (d.goal() == ReflectionGoal.TOP) {
                assertEquals("top", d.node().id(), "a draw for the top went to a node that is not it");
            }
        }
        assertEquals(ParentSelector.TOP_SHARE * DRAWS, goals.get(ReflectionGoal.TOP), 1);
        // without posteriors nothing can be drawn for the top: every draw serves the frontier
        assertTrue(ParentSelector.servesTop(3));
        ParentSelector.Draw plain = ParentSelector.select(frontier(0, 0, 0, 0, 0), 3, 3, new Random(3)).orElseThrow();
        assertEquals(ReflectionGoal.FRONTIER, plain.goal());
    }

    @Test
    void theCheapEndIsServedByItsCheapestFrontierNodeThatMayStillBeCut() {
        SearchTree t = Trees.withRoot(10, 1.0);
        Trees.scored(t, "spent", SearchTree.ROOT, Trees.edit(EditClass.ROUTING, "a"), 40, 0.05, true);
        Trees.scored(t, "cheap", SearchTree.ROOT, Trees.edit(EditClass.MEMORY, "b"), 60, 0.1, true);
        Trees.scored(t, "specialist", SearchTree.ROOT, Trees.edit(EditClass.ROUTING, "c"), 30, 0.01, true);
        Trees.scored(t, "top", SearchTree.ROOT, Trees.edit(EditClass.TOOL, "d"), 80, 1.9, true);
        List<ParentSelector.Candidate> open = List.of(
                new ParentSelector.Candidate(t.get("spent"), 0.1, 0.40, 0.02, true, false),
                new ParentSelector.Candidate(t.get("cheap"), 0.5, 0.60, 0.02, true, true),
                new ParentSelector.Candidate(t.get("specialist"), 0, 0.30, 0.02, false, true),
                new ParentSelector.Candidate(t.get("top"), 0.4, 0.80, 0.02, true, true));
        Random rng = new Random(5);
        int cheapDraws = 0;
        for (int i = 0; i < 100; i++) {
            ParentSelector.Draw d = ParentSelector.select(open, 3, i, rng).orElseThrow();
            if (ParentSelector.servesCheap(i)) {
                cheapDraws++;
                assertEquals(ReflectionGoal.CHEAP, d.goal());
                // the spent node had no cut left; the specialist is off the frontier
                assertEquals("cheap", d.node().id());
            } else {
                assertNotEquals(ReflectionGoal.CHEAP, d.goal());
            }
        }
        assertEquals(20, cheapDraws);
        // with no frontier node left to cut, the draw serves the frontier as a whole
        ParentSelector.Draw none = ParentSelector.select(List.of(open.get(0), open.get(2)), 3, 1, rng).orElseThrow();
        assertEquals(ReflectionGoal.FRONTIER, none.goal());
    }

    @Test
    void theCheapEndIsServedInAFifthOfEveryTenExpansionsNeverInsteadOfTheTop() {
        for (int from = 0; from < 200; from++) {
            int served = 0;
            for (int k = from; k < from + 10; k++) {
                served += ParentSelector.servesCheap(k) ? 1 : 0;
                assertFalse(ParentSelector.servesCheap(k) && ParentSelector.servesTop(k), "expansion " + k);
            }
            assertEquals(2, served, "ten expansions from " + from);
        }
    }

    @Test
    void withoutPosteriorsEveryDrawFollowsTheHypervolumeShares() {
        List<ParentSelector.Candidate> f = frontier(0, 0, 0, 0, 0);
        assertEquals(Optional.empty(), ParentSelector.likeliestBest(f, new Random(1)));
    }

    @Test
    void nodesAtMaxExpansionsAreNeverDrawn() {
        Map<String, Integer> counts = draw(frontier(2, 0, 2, 1, 3), 2, 4);
        assertFalse(counts.containsKey("n0"), counts.toString());
        assertFalse(counts.containsKey("n2"), counts.toString());
        assertFalse(counts.containsKey("n4"), counts.toString());
        assertEquals(DRAWS, counts.get("n1") + counts.get("n3"));
        assertTrue(counts.get("n1") > counts.get("n3"), counts.toString());
    }

    @Test
    void uncappedNodesAreDrawnPastMaxExpansions() {
        SearchTree t = Trees.withRoot(10, 1.0);
        Trees.scored(t, "n1", SearchTree.ROOT, Trees.edit(EditClass.TOOL, "a"), 20, 1.01, true);
        for (int e = 0; e < 3; e++) {
            t.markExpanded("n0");
            t.markExpanded("n1");
        }
        List<ParentSelector.Candidate> capped = List.of(new ParentSelector.Candidate(t.get("n0"), 0.5),
                new ParentSelector.Candidate(t.get("n1"), 0.5));
        assertTrue(ParentSelector.select(capped, 3, 0, new Random(5)).isEmpty());
        List<ParentSelector.Candidate> oneOnFrontier = List.of(
                new ParentSelector.Candidate(t.get("n0"), 0.5, Double.NaN, Double.NaN, true, true),
                new ParentSelector.Candidate(t.get("n1"), 0.5));
        Map<String, Integer> counts = draw(oneOnFrontier, 3, 9);
        assertEquals(Map.of("n0", DRAWS), counts);
    }

    @Test
    void emptyWhenNoNodeIsOpen() {
        assertTrue(ParentSelector.select(frontier(3, 3, 3, 3, 3), 3, 0, new Random(5)).isEmpty());
        assertTrue(ParentSelector.select(List.of(), 3, 0, new Random(5)).isEmpty());
    }

    @Test
    void aLoneOpenNodeIsAlwaysChosen() {
        List<ParentSelector.Candidate> f = frontier(3, 3, 0, 3, 3);
        Random rng = new Random(6);
        for (int i = 0; i < 100; i++) {
            assertEquals("n2", ParentSelector.select(f, 3, i, rng).orElseThrow().node().id());
        }
    }

    @Test
    void theSameSeedDrawsTheSameParents() {
        List<ParentSelector.Candidate> f = frontier(0, 1, 0, 2, 1);
        assertEquals(draw(f, 3, 77), draw(f, 3, 77));
    }

    @Test
    void theTopIsServedInItsShareOfEveryStretchOfExpansions() {
        for (int from = 0; from < 200; from += 7) {
            for (int length = 1; length <= 40; length++) {
                int served = 0;
                for (int k = from; k < from + length; k++) {
                    served += ParentSelector.servesTop(k) ? 1 : 0;
                }
                assertEquals(ParentSelector.TOP_SHARE * length, served, 1.0, length + " expansions from " + from);
            }
        }
        assertFalse(ParentSelector.servesTop(0), "the first expansion serves the frontier");
    }
}
