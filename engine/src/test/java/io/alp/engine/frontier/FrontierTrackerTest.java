package io.alp.engine.frontier;

import io.alp.engine.model.Edit;
import io.alp.engine.model.EditClass;
import io.alp.engine.model.Score;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrontierTrackerTest {

    private static final double EPS = 1e-12;

    /** A node scored on 100 cases, so pass-rates are exact multiples of 0.01. */
    private static ScoredNode node(String id, int passesOf100, double cost) {
        return new ScoredNode(id, Score.of(100, passesOf100, cost));
    }

    @Test
    void addSequenceMovesAndPrunes() {
        FrontierTracker t = new FrontierTracker(4.0);

        FrontierUpdate a = t.add(node("a", 50, 2.0));
        assertTrue(a.moved());
        assertEquals(List.of(), a.pruned());
        assertEquals(List.of("a"), a.frontier());
        assertEquals(0.5 * 2.0, a.hypervolume(), EPS);

        // b clearly dominates a (70 against 50 of 100, at half the cost): a is pruned, b moves the frontier
        FrontierUpdate b = t.add(node("b", 70, 1.0));
        assertTrue(b.moved());
        assertEquals(List.of("a"), b.pruned());
        assertEquals(List.of("b"), b.frontier());
        assertEquals(0.7 * 3.0, b.hypervolume(), EPS);

        // c is dominated on arrival: it is pruned itself and nothing moves
        FrontierUpdate c = t.add(node("c", 40, 3.0));
        assertFalse(c.moved());
        assertEquals(List.of("c"), c.pruned());
        assertEquals(List.of("b"), c.frontier());
        assertEquals(b.hypervolume(), c.hypervolume(), EPS);

        // d ties b exactly: the same point is listed once (b, first in node order); d moves nothing, prunes nobody
        // and is not pruned itself
        FrontierUpdate d = t.add(node("d", 70, 1.0));
        assertFalse(d.moved());
        assertEquals(List.of(), d.pruned());
        assertEquals(List.of("b"), d.frontier());
        assertEquals(b.hypervolume(), d.hypervolume(), EPS);

        // e trades cost for pass-rate: it joins beside b
        FrontierUpdate e = t.add(node("e", 90, 3.0));
        assertTrue(e.moved());
        assertEquals(List.of(), e.pruned());
        assertEquals(List.of("b", "e"), e.frontier());
        assertEquals(0.7 * 3.0 + 0.2 * 1.0, e.hypervolume(), EPS);

        // f dominates b, d and e at once: b and d clearly (95 against 70 of 100); e only within noise (95 against
        // 90), so e leaves the frontier but is not pruned, however much cheaper f is
        FrontierUpdate f = t.add(node("f", 95, 0.5));
        assertTrue(f.moved());
        assertEquals(Set.of("b", "d"), Set.copyOf(f.pruned()));
        assertEquals(List.of("f"), f.frontier());
        assertEquals(0.95 * 3.5, f.hypervolume(), EPS);
        assertEquals(List.of("f"), t.frontier().stream().map(ScoredNode::nodeId).toList());
    }

    @Test
    void ofNodesAtTheSamePointOnlyTheFirstInNodeOrderIsListedWhicheverScoreArrivedFirst() {
        List<List<String>> orders = new ArrayList<>();
        for (List<String> arrival : List.of(List.of("n10", "n2", "n9"), List.of("n9", "n10", "n2"))) {
            FrontierTracker t = FrontierTracker.anchoredOnFirst();
            t.add(node("n0", 10, 1.0));
            for (String id : arrival) {
                t.add(node(id, 33, 0.5));
            }
            orders.add(t.frontier().stream().map(ScoredNode::nodeId).toList());
        }
        assertEquals(List.of("n2"), orders.get(0));
        assertEquals(orders.get(0), orders.get(1));
    }

    @Test
    void anchoredOnFirstUsesTwiceTheBaselineCost() {
        FrontierTracker t = FrontierTracker.anchoredOnFirst();
        assertEquals(0, t.hypervolume(), EPS);
        FrontierUpdate u = t.add(node("n0", 64, 1.31));
        assertEquals(2.62, t.refCost(), EPS);
        assertTrue(u.moved());
        assertEquals(0.64 * 1.31, u.hypervolume(), 1e-9);
        // the reference stays where the first node put it
        t.add(node("n1", 80, 0.53));
        assertEquals(2.62, t.refCost(), EPS);
    }

    @Test
    void aNonDominatedNodeBeyondTheReferenceCostJoinsWithoutMoving() {
        // documents the current meaning of "moved": the hypervolume grew
        FrontierTracker t = new FrontierTracker(2.0);
        t.add(node("n0", 50, 1.0));
        FrontierUpdate dear = t.add(node("n1", 99, 2.5));
        assertEquals(Set.of("n0", "n1"), Set.copyOf(dear.frontier()));
        assertEquals(List.of(), dear.pruned());
        assertFalse(dear.moved());
    }

    @Test
    void aRestoredTrackerHoldsWhatAddingEachNodeInTurnGives() {
        Random rng = new Random(7);
        for (int run = 0; run < 10; run++) {
            List<ScoredNode> nodes = new ArrayList<>();
            nodes.add(new ScoredNode("n0", Score.of(100, 60, 1.0), null, null, null));
            for (int i = 1; i < 60; i++) {
                String subject = "tool:" + rng.nextInt(8);
                nodes.add(new ScoredNode("n" + i, Score.of(100, 40 + rng.nextInt(50), 0.2 + rng.nextInt(10) * 0.2),
                        null, "n" + rng.nextInt(i), "TOOL", Map.of(subject, subject + "=" + rng.nextInt(2))));
            }
            FrontierTracker oneByOne = FrontierTracker.anchoredOnFirst();
            FrontierUpdate last = null;
            for (ScoredNode n : nodes) {
                last = oneByOne.add(n);
            }
            FrontierTracker restored = FrontierTracker.anchoredOnFirst();
            restored.restore(nodes);
            assertEquals(last.frontier(), restored.frontier().stream().map(ScoredNode::nodeId).toList());
            assertEquals(oneByOne.hypervolume(), restored.hypervolume(), 1e-12);
            for (ScoredNode n : nodes) {
                assertEquals(oneByOne.estimate(n.nodeId()), restored.estimate(n.nodeId()));
            }
        }
    }

    @Test
    void randomSequencesKeepExactlyTheNonDominatedSetAndNeverLoseHypervolume() {
        Random rng = new Random(42);
        for (int run = 0; run < 20; run++) {
            FrontierTracker t = new FrontierTracker(3.0);
            List<ScoredNode> all = new ArrayList<>();
            Set<String> prunedSoFar = new HashSet<>();
            double hv = 0;
            for (int i = 0; i < 150; i++) {
                // a coarse grid, so exact ties and equal coordinates happen often
                ScoredNode n = node("x" + i, 5 * rng.nextInt(21), rng.nextInt(16) * 0.2);
                all.add(n);
                FrontierUpdate u = t.add(n);
                assertTrue(u.hypervolume() >= hv - EPS, "hypervolume fell at step " + i);
                if (u.moved()) {
                    assertTrue(u.hypervolume() > hv + EPS, "moved without growing the hypervolume at step " + i);
                }
                hv = u.hypervolume();
                assertEquals(Pareto.hypervolume(all, 0, 3.0), u.hypervolume(), 1e-9);

                List<ScoredNode> nonDominated = Pareto.nonDominated(all);
                Set<String> expected = firstAtEachPoint(nonDominated);
                assertEquals(expected, Set.copyOf(u.frontier()), "frontier at step " + i);
                Set<String> nonDominatedIds = nonDominated.stream().map(ScoredNode::nodeId)
                        .collect(Collectors.toSet());
                for (String id : u.pruned()) {
                    assertTrue(prunedSoFar.add(id), id + " pruned twice");
                    assertFalse(nonDominatedIds.contains(id), id + " pruned but non-dominated");
                }
            }
            // nothing pruned is on the frontier; what is neither was dominated only within noise
            Set<String> onFrontier = Set.copyOf(t.frontier().stream().map(ScoredNode::nodeId).toList());
            prunedSoFar.forEach(id -> assertFalse(onFrontier.contains(id), id));
        }
    }

    /** Of nodes at exactly the same point, the one added first (ids x0, x1, ... count up). */
    private static Set<String> firstAtEachPoint(List<ScoredNode> nodes) {
        Map<List<Double>, String> first = new HashMap<>();
        for (ScoredNode n : nodes) {
            first.merge(List.of(n.passRate(), n.cost()), n.nodeId(),
                    (a, b) -> Integer.parseInt(a.substring(1)) <= Integer.parseInt(b.substring(1)) ? a : b);
        }
        return Set.copyOf(first.values());
    }

    @Test
    void aLuckySampleAmongSiblingsThatAgreeDoesNotMoveTheFrontier() {
        FrontierTracker t = new FrontierTracker(2.0);
        t.add(new ScoredNode("n0", Score.of(100, 60, 1.0), null, null, null));
        int[] siblings = {59, 61, 60, 59, 61, 60, 60, 61};
        for (int i = 0; i < siblings.length; i++) {
            t.add(new ScoredNode("c" + i, Score.of(100, siblings[i], 1.0), null, "n0", "PROMPT"));
        }
        FrontierUpdate lucky = t.add(new ScoredNode("lucky", Score.of(100, 67, 1.0), null, "n0", "PROMPT"));
        // on its own sample it would clear the margin (67 - 0.5 x 4.7 > 61); its siblings say edits here move little
        assertFalse(lucky.moved());
        assertTrue(lucky.estimates().get("lucky") < 0.64, lucky.estimates().toString());
        assertEquals(List.of("lucky"), lucky.frontier(), "still the best estimate at this cost");
        assertEquals(t.estimate("lucky").mean(), lucky.estimates().get("lucky"), EPS);

        // a child of it measured at the same level confirms it: the lucky node's estimate rises
        double before = t.estimate("lucky").mean();
        FrontierUpdate confirmed = t.add(new ScoredNode("g", Score.of(100, 68, 1.0), null, "lucky", "TOOL"));
        assertTrue(t.estimate("lucky").mean() > before + 0.005, before + " -> " + t.estimate("lucky").mean());
        assertEquals(List.of("g"), confirmed.frontier());
    }

    @Test
    void aChangesPriorMeanIsItsClassMeanForTheWayItMovedTheCost() {
        // routing to a dearer model gained about 10 points eight times over: a clear mean for dearer routes
        List<ScoredNode> nodes = new ArrayList<>();
        nodes.add(new ScoredNode("n0", Score.of(100, 50, 1.0), null, null, null));
        for (int i = 1; i <= 8; i++) {
            Edit route = Edit.of(EditClass.ROUTING, "route " + i, Map.of("knob", "route:c" + i, "value", "big"));
            nodes.add(new ScoredNode("n" + i, Score.of(100, 59 + i % 3, 2.0), null, "n0", "ROUTING",
                    Map.of(route.subject(), route.key())));
        }
        // a combination that made its node dearer, holding a route and a clause; and a route to a cheaper model
        Edit route = Edit.of(EditClass.ROUTING, "route x", Map.of("knob", "route:x", "value", "big"));
        Edit clause = Edit.of(EditClass.PROMPT, "clause y", Map.of("knob", "clause:y", "value", "on"));
        Edit cheaper = Edit.of(EditClass.ROUTING, "route z", Map.of("knob", "route:z", "value", "small"));
        nodes.add(new ScoredNode("both", Score.of(100, 55, 1.5), null, "n0", "COMBINED",
                Map.of(route.subject(), route.key(), clause.subject(), clause.key())));
        nodes.add(new ScoredNode("cheap", Score.of(100, 48, 0.5), null, "n0", "ROUTING",
                Map.of(cheaper.subject(), cheaper.key())));
        TreeEstimates.Spreads spreads = TreeEstimates.fit(nodes.stream().map(ScoredNode::measured).toList())
                .spreads();
        double dearerRoutes = spreads.mean(TreeEstimates.costKey("ROUTING", true));
        assertTrue(dearerRoutes > 0.05, "a clear mean: " + dearerRoutes);

        Map<String, Double> means = FrontierTracker.priorMeans(nodes, spreads);

        assertEquals(dearerRoutes, means.get(route.key()), EPS, "the combination's route part, made dearer");
        assertEquals(spreads.mean(TreeEstimates.costKey("PROMPT", true)), means.get(clause.key()), EPS);
        assertEquals(spreads.mean(TreeEstimates.costKey("ROUTING", false)), means.get(cheaper.key()), EPS);
        assertTrue(means.get(cheaper.key()) < dearerRoutes, means.toString());
    }

    @Test
    void everyEstimateIsAPassRateEvenWhereTheChangesEffectsAddUpBeyondAllCases() {
        // prompt rules added one or several at a time, climbing from none of 12 cases to all of them; near the top
        // the same rule is measured on several branches, and the summed effects would put the top above 100%
        String[][] tree = {{"n0", null, "0"}, {"n1", "n0", "3", "r1"}, {"n2", "n0", "3", "r2"},
                {"n3", "n0", "3", "r3"}, {"n4", "n1", "4", "r2"}, {"n5", "n4", "6", "r3"}, {"n6", "n4", "6", "r4"},
                {"n7", "n4", "6", "r5"}, {"n8", "n5", "11", "r4", "r5"}, {"n9", "n8", "12", "r6"},
                {"n10", "n8", "12", "r7"}, {"n11", "n8", "12", "r8"}, {"n12", "n9", "12", "r7"},
                {"n13", "n12", "12", "r8", "r10", "r11"}};
        FrontierTracker t = new FrontierTracker(2.0);
        for (String[] n : tree) {
            Map<String, String> changes = new HashMap<>();
            for (int i = 3; i < n.length; i++) {
                changes.put(n[i], n[i]);
            }
            t.add(new ScoredNode(n[0], Score.of(12, Integer.parseInt(n[2]), 1.0), null, n[1],
                    n[1] == null ? null : "PROMPT", changes));
        }
        for (String[] n : tree) {
            double mean = t.estimate(n[0]).mean();
            assertTrue(mean >= 0 && mean <= 1, n[0] + " estimated at " + mean);
        }
        assertEquals(1.0, t.estimate("n13").mean(), 0.05);
    }
}
