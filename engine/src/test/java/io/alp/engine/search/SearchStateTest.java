package io.alp.engine.search;

import io.alp.engine.budget.SpendKind;
import io.alp.engine.evaluation.EvaluationAllowance;
import io.alp.engine.frontier.FrontierTracker;
import io.alp.engine.frontier.Point;
import io.alp.engine.frontier.ScoredNode;
import io.alp.engine.model.Edit;
import io.alp.engine.model.EditClass;
import io.alp.engine.model.Score;
import io.alp.engine.port.ReflectionGoal;
import io.alp.engine.tree.NodeStatus;
import io.alp.engine.tree.Origin;
import io.alp.engine.tree.SearchTree;
import io.alp.engine.tree.TreeNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Drives {@link SearchState} by hand through its event appliers, the way a session actor does. */
class SearchStateTest {

    private static final double EPS = 1e-9;
    private static final String ROOT = SearchTree.ROOT;

    /** branching, parallelRounds, stallRounds, maxNodes, maxExpansionsPerNode, compounding */
    private static SearchConfig config(int branching, int parallel, int stall, int maxNodes, boolean compounding) {
        return new SearchConfig(branching, parallel, stall, maxNodes, 3, compounding);
    }

    /** A hand driver: applies events to the state and feeds scores through a real frontier tracker. */
    private static final class Driver {
        final SearchState s;
        final FrontierTracker frontier = FrontierTracker.anchoredOnFirst();
        private int edits;

        Driver(SearchConfig config, double budgetUsd, double roundReserveUsd) {
            this(config, budgetUsd, roundReserveUsd, 7);
        }

        Driver(SearchConfig config, double budgetUsd, double roundReserveUsd, long seed) {
            s = new SearchState(new OptimizerConfig(config, budgetUsd), seed, roundReserveUsd, 0.0);
        }

        /** Reserves, scores and places a node on the frontier: 10 cases, {@code passes} of them passing. */
        void score(String id, int passes, double costPerCase, double reserveUsd, double evalCostUsd,
                   double materializeUsd) {
            s.evaluationReserved(id, reserveUsd, materializeUsd);
            s.nodeScored(id, Score.of(10, passes, costPerCase), "src-" + id, evalCostUsd, null);
            s.frontierUpdated(frontier.add(new ScoredNode(id, s.tree().get(id).score())));
        }

        /** The baseline: 5/10 at $1.00 per case, evaluation reserved at $1.00 and costing $1.00. */
        void baseline() {
            score(ROOT, 5, 1.0, 1.0, 1.0, 0);
        }

        Decision.Expand openExpansion() {
            Decision d = s.plan().orElseThrow(() -> new AssertionError("expected a decision"));
            Decision.Expand e = assertInstanceOf(Decision.Expand.class, d);
            s.expansionOpened(e);
            return e;
        }

        Edit nextEdit(EditClass cls) {
            edits++;
            return Edit.of(cls, "edit " + edits, java.util.Map.of("k", "v" + edits));
        }

        /** The proposer answered with {@code n} edits: returns the child ids. */
        List<String> propose(Decision.Expand e, double proposerUsd, int n, EditClass... classes) {
            List<ChildSpec> children = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                EditClass cls = classes.length == 0 ? EditClass.PROMPT : classes[i % classes.length];
                children.add(new ChildSpec("n" + (s.tree().size() + i), nextEdit(cls), Origin.REFLECTION));
            }
            s.proposalsReceived(e.roundId(), proposerUsd, children);
            return children.stream().map(ChildSpec::nodeId).toList();
        }

        /** A child that does not move the frontier (worse than the baseline in both objectives). */
        void scoreDominated(String id) {
            score(id, 3, 2.0, 1.0, 1.0, 0);
        }

        Round round(String id) {
            return s.rounds().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
        }
    }

    @Test
    void theBaselineComesFirst() {
        Driver d = new Driver(config(3, 2, 5, 100, false), 100, 0.5);
        assertEquals(Optional.empty(), d.s.plan(), "nothing before the baseline is scored");
        d.s.evaluationReserved(ROOT, 1.0, 0);
        assertEquals(Optional.empty(), d.s.plan(), "nothing while the baseline is being evaluated");
        d.s.nodeScored(ROOT, Score.of(10, 5, 1.0), "src", 1.0, null);
        assertEquals(Optional.empty(), d.s.plan(), "nothing until the baseline's frontier effect is known");
        assertEquals(1, d.s.tree().size());
        assertTrue(d.s.rounds().isEmpty());
        d.s.frontierUpdated(d.frontier.add(new ScoredNode(ROOT, d.s.tree().get(ROOT).score())));

        Decision.Expand e = assertInstanceOf(Decision.Expand.class, d.s.plan().orElseThrow());
        assertEquals(ROOT, e.parentId());
        assertEquals(3, e.count());
        assertEquals(0.5, e.reserveUsd(), EPS);
        assertEquals(List.of(ROOT), d.s.frontier());
    }

    @Test
    void reservationsAreGrantedInTheOrderTheRoundProposedItsChildren() {
        Driver d = new Driver(config(3, 1, 5, 100, false), 100, 0.5);
        d.baseline();
        List<String> kids = d.propose(d.openExpansion(), 0.1, 3);
        assertFalse(d.s.reservationWaits(kids.get(0)), "the first child never waits");
        assertTrue(d.s.reservationWaits(kids.get(1)), "the second waits while the first is being made");
        assertTrue(d.s.reservationWaits(kids.get(2)));
        d.s.editFailed(kids.get(0), "did not apply", 0.01);
        assertFalse(d.s.reservationWaits(kids.get(1)), "a failed edit settles the first");
        assertTrue(d.s.reservationWaits(kids.get(2)));
        d.s.evaluationReserved(kids.get(1), 1.0, 0.01);
        assertFalse(d.s.reservationWaits(kids.get(2)), "a granted reservation settles the second");
        assertFalse(d.s.reservationWaits(ROOT), "the baseline belongs to no round");
    }

    @Test
    void aBaselineWhoseCasesMostlyErroredStopsTheSessionWithItsOwnReason() {
        Driver d = new Driver(config(3, 2, 5, 100, false), 100, 0.5);
        d.s.evaluationReserved(ROOT, 1.0, 0);
        d.s.nodeScored(ROOT, Score.of(10, 1, 0.0).withErrors(6, "the agent failed to run: exited with 1"), "src",
                1.0, null);
        d.s.frontierUpdated(d.frontier.add(new ScoredNode(ROOT, d.s.tree().get(ROOT).score())));
        assertEquals(new Decision.Stop(StopReason.BASELINE_ERRORS), d.s.plan().orElseThrow());
    }

    @Test
    void aBaselineThatDoesNotFitInTheBudgetStopsTheSession() {
        Driver d = new Driver(config(3, 2, 5, 100, false), 1.0, 0.1);
        assertFalse(d.s.canReserve(5.0));
        d.s.evaluationDenied(ROOT, 0);
        assertEquals(NodeStatus.SKIPPED, d.s.tree().get(ROOT).status());
        assertEquals(new Decision.Stop(StopReason.BUDGET_EXHAUSTED), d.s.plan().orElseThrow());
        d.s.stopRequested(StopReason.BUDGET_EXHAUSTED);
        assertTrue(d.s.finished());
        assertEquals(0.0, d.s.ledger().spentUsd(), EPS);
    }

    @Test
    void aBaselineThatFailsStopsTheSessionAsFailed() {
        Driver d = new Driver(config(3, 2, 5, 100, false), 10.0, 0.1);
        d.s.editFailed(ROOT, "the agent crashed", 0);
        assertEquals(new Decision.Stop(StopReason.FAILED), d.s.plan().orElseThrow());
    }

    @Test
    void budgetExhaustedWhenWhatIsLeftCannotCoverARound() {
        // a round needs its $0.50 reservation plus one evaluation ($1.00, the baseline's)
        Driver d = new Driver(config(1, 2, 100, 100, false), 2.6, 0.5);
        d.baseline(); // 2.6 - 1.0 = 1.6 left
        assertEquals(1.6, d.s.ledger().availableUsd(), EPS);
        Decision.Expand r1 = d.openExpansion(); // 1.6 >= 1.5
        assertEquals(1.1, d.s.ledger().availableUsd(), EPS);

        // 1.1 left cannot cover another round (1.5), but r1 is open: wait rather than stop
        assertEquals(Optional.empty(), d.s.plan());

        String child = d.propose(r1, 0.1, 1).get(0);
        d.score(child, 6, 1.0, 1.0, 1.0, 0);
        // round closed: spent 1.0 + 1.0 + 0.1, so 0.5 left
        assertEquals(0.5, d.s.ledger().availableUsd(), EPS);
        assertEquals(new Decision.Stop(StopReason.BUDGET_EXHAUSTED), d.s.plan().orElseThrow());
        d.s.stopRequested(StopReason.BUDGET_EXHAUSTED);
        assertTrue(d.s.finished());
        assertTrue(d.s.ledger().spentUsd() <= d.s.ledger().budgetUsd());
    }

    @Test
    void lateInTheBudgetOnlyParentsWhoseChildrenCanStillBeEvaluatedAreExpanded() {
        for (long seed = 1; seed <= 20; seed++) {
            // the baseline: $0.10 per case evaluated, so a child of it needs at least 10 x $0.10 = $1.00
            Driver d = new Driver(config(1, 1, 100, 100, false), 2.6, 0.5, seed);
            d.baseline();
            String cheap = d.propose(d.openExpansion(), 0.1, 1).get(0);
            // a cheaper frontier point: $0.01 per case evaluated, its children admitted on $0.10 at least
            d.score(cheap, 4, 0.1, 0.2, 0.1, 0);
            assertEquals(1.4, d.s.ledger().availableUsd(), EPS);
            // $0.90 is left once a round is reserved: enough for a child of the cheap node only
            assertEquals(cheap, d.openExpansion().parentId(), "seed " + seed);
        }
        // with a budget that fits both, the baseline is drawn too
        Set<String> parents = new java.util.HashSet<>();
        for (long seed = 1; seed <= 20; seed++) {
            Driver d = new Driver(config(1, 1, 100, 100, false), 20, 0.5, seed);
            d.baseline();
            String cheap = d.propose(d.openExpansion(), 0.1, 1).get(0);
            d.score(cheap, 4, 0.1, 0.2, 0.1, 0);
            d.propose(d.openExpansion(), 0.1, 0); // the cheap end's draw: no cost cut left for the cheap node
            parents.add(d.openExpansion().parentId());
        }
        assertEquals(2, parents.size(), parents.toString());
    }

    @Test
    void nearTheEndOfTheBudgetChildrenAreAdmittedOnTheirParentsMeasuredCost() {
        Driver d = new Driver(config(1, 1, 100, 100, false), 3.0, 0.5);
        // the baseline: held $2.50 at the cap, evaluated for $1.00 ($0.10 per case)
        d.score(ROOT, 5, 1.0, 2.5, 1.0, 0);
        String child = d.propose(d.openExpansion(), 0.1, 1).get(0);
        assertEquals(1.5, d.s.ledger().availableUsd(), EPS);
        // with the margin a child needs 10 x 2 x $0.10 = $2.00, more than is left; at its parent's cost, $1.00 fits
        EvaluationAllowance allowance = new EvaluationAllowance(1.0);
        assertEquals(1.0, d.s.admissionUsd(child, allowance, 10), EPS);
        assertTrue(d.s.canReserve(d.s.admissionUsd(child, allowance, 10)));
        // unless one case at the cap would not fit in that: it could not send out a single case
        assertEquals(2.0, d.s.admissionUsd(child, new EvaluationAllowance(1.5), 10), EPS);
        // with room to spare, the margin holds
        Driver roomy = new Driver(config(1, 1, 100, 100, false), 30, 0.5);
        roomy.score(ROOT, 5, 1.0, 2.5, 1.0, 0);
        String roomyChild = roomy.propose(roomy.openExpansion(), 0.1, 1).get(0);
        assertEquals(2.0, roomy.s.admissionUsd(roomyChild, allowance, 10), EPS);

        // the child costs $0.05 per case: its own children fit in $0.50, so the session goes on with $1.40 left
        d.score(child, 6, 0.05, 1.0, 0.5, 0);
        assertEquals(1.4, d.s.ledger().availableUsd(), EPS);
        Decision.Expand next = assertInstanceOf(Decision.Expand.class, d.s.plan().orElseThrow());
        assertEquals(child, next.parentId(), "only the cheap node's children still fit");
    }

    @Test
    void theBudgetIsExhaustedWhenNoParentLeftCouldHaveAChildEvaluated() {
        Driver d = new Driver(config(1, 1, 100, 100, false), 2.6, 0.5);
        d.baseline(); // $0.10 per case: a child of it needs $1.00
        String cheap = d.propose(d.openExpansion(), 0.1, 1).get(0);
        d.score(cheap, 4, 0.1, 0.2, 0.1, 0); // $0.01 per case
        for (ReflectionGoal goal : List.of(ReflectionGoal.CHEAP, ReflectionGoal.FRONTIER)) {
            Decision.Expand onCheap = d.openExpansion();
            assertEquals(cheap, onCheap.parentId());
            assertEquals(goal, onCheap.goal());
            d.propose(onCheap, 0.1, 0); // nothing new for it: after both, exhausted
        }
        // $1.20 left covers a round and a child of the cheap node, but only $0.70 would be left for a child of the
        // baseline, the one parent left
        assertEquals(1.2, d.s.ledger().availableUsd(), EPS);
        assertEquals(new Decision.Stop(StopReason.BUDGET_EXHAUSTED), d.s.plan().orElseThrow());
    }

    @Test
    void anExactFitStillOpensARound() {
        Driver d = new Driver(config(1, 1, 100, 100, false), 2.5, 0.5);
        d.baseline(); // 1.5 left = 0.5 round + 1.0 evaluation
        assertInstanceOf(Decision.Expand.class, d.s.plan().orElseThrow());
    }

    @Test
    void frontierStalledAfterStallRoundsThatDidNotMoveItWhenTheBudgetLeftBuysLittle() {
        // each round costs $2.10 (proposer 0.1, two evaluations of 1.0); $6 are left after two of them
        Driver d = new Driver(config(2, 1, 2, 100, false), 1 + 2 * 2.1 + 6, 0.5);
        d.baseline();

        Decision.Expand r1 = d.openExpansion();
        d.propose(r1, 0.1, 2).forEach(d::scoreDominated);
        assertEquals(1, d.s.completedRounds());
        assertEquals(1, d.s.stalledRounds());
        assertInstanceOf(Decision.Expand.class, d.s.plan().orElseThrow(), "one stalled round of two allowed");

        Decision.Expand r2 = d.openExpansion();
        d.propose(r2, 0.1, 2).forEach(d::scoreDominated);
        assertEquals(2, d.s.stalledRounds());
        assertEquals(new Decision.Stop(StopReason.FRONTIER_STALLED), d.s.plan().orElseThrow());
    }

    @Test
    void aStalledSessionGoesOnWhileTheBudgetLeftBuysAnExpectedFrontierMove() {
        Driver d = new Driver(config(2, 1, 2, 100, false), 100, 0.5);
        d.baseline();
        for (int i = 0; i < 2; i++) {
            d.propose(d.openExpansion(), 0.1, 2).forEach(d::scoreDominated);
        }
        assertEquals(2, d.s.stalledRounds());
        // a chance of 0.5 in 3 that a round moves it, and $94.80 left buys 45 rounds of $2.10
        assertInstanceOf(Decision.Expand.class, d.s.plan().orElseThrow());
    }

    @Test
    void expansionsServingTheTopAskForTheTopsEditsAndTheOthersForBranching() {
        Driver d = new Driver(config(2, 1, 100, 1000, false), 1000, 0.5);
        d.baseline();
        List<Decision.Expand> opened = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Decision.Expand e = d.openExpansion();
            opened.add(e);
            d.propose(e, 0.1, 1).forEach(d::scoreDominated);
        }
        assertEquals(List.of(3, 6, 9), java.util.stream.IntStream.range(0, 10)
                .filter(i -> opened.get(i).goal() == ReflectionGoal.TOP).boxed().toList());
        for (Decision.Expand e : opened) {
            assertEquals(e.goal() == ReflectionGoal.TOP ? SearchConfig.TOP_EDITS_ASKED : 2, e.count(), e.roundId());
        }
    }

    @Test
    void theTopsChildDoesNotUndoAChangeTheTreeFoundHelpful() {
        Edit toolOn = Edit.of(EditClass.TOOL, "add the search tool", java.util.Map.of("tool", "search", "value", "on"));
        Edit toolOff = Edit.of(EditClass.TOOL, "drop the search tool",
                java.util.Map.of("tool", "search", "value", "off"));
        for (int passes : new int[]{10, 0}) {
            Driver d = new Driver(config(2, 1, 100, 1000, false), 1000, 0.5);
            d.baseline();
            Decision.Expand e = d.openExpansion();
            d.s.proposalsReceived(e.roundId(), 0.1, List.of(new ChildSpec("n1", toolOn, Origin.REFLECTION)));
            d.score("n1", passes, 1.0, 1.0, 1.0, 0);
            Edit clause = d.nextEdit(EditClass.PROMPT);

            List<Edit> parts = d.s.children("n1", List.of(toolOff, clause), ReflectionGoal.TOP).get(0).edit().parts();
            // the tool raised the pass-rate from 5/10 to 10/10: dropping it is left out; when it lowered it, not
            assertEquals(passes == 10 ? List.of(clause) : List.of(toolOff, clause), parts, passes + " passes");
        }
    }

    @Test
    void aRoundThatMovesTheFrontierResetsTheStallCount() {
        Driver d = new Driver(config(2, 1, 2, 100, false), 100, 0.5);
        d.baseline();

        Decision.Expand r1 = d.openExpansion();
        d.propose(r1, 0.1, 2).forEach(d::scoreDominated);
        assertEquals(1, d.s.stalledRounds());

        Decision.Expand r2 = d.openExpansion();
        List<String> kids = d.propose(r2, 0.1, 2);
        d.scoreDominated(kids.get(0));
        d.score(kids.get(1), 8, 1.0, 1.0, 1.0, 0); // dominates the baseline
        assertTrue(d.s.tree().get(kids.get(1)).movedFrontier());
        assertEquals(0, d.s.stalledRounds());

        Decision.Expand r3 = d.openExpansion();
        d.propose(r3, 0.1, 2).forEach(d::scoreDominated);
        assertEquals(1, d.s.stalledRounds());
        assertEquals(3, d.s.completedRounds());
        assertInstanceOf(Decision.Expand.class, d.s.plan().orElseThrow());
    }

    @Test
    void aChildReachingACandidateStillUnderEvaluationIsToldWhichNodeEvaluatesIt() {
        Driver d = new Driver(config(2, 1, 5, 100, false), 100, 0.5);
        d.baseline();
        List<String> kids = d.propose(d.openExpansion(), 0.1, 3);
        d.s.evaluationReserved(kids.get(0), 1.0, 0.01, List.of(), "src-same");
        assertEquals("src-same", d.s.tree().get(kids.get(0)).sourceRef(), "recorded when reserved");
        assertEquals(Optional.of(kids.get(0)), d.s.evaluatingSameCandidate(kids.get(1), "src-same"));
        assertEquals(Optional.empty(), d.s.evaluatingSameCandidate(kids.get(0), "src-same"), "not itself");
        assertEquals(Optional.empty(), d.s.evaluatingSameCandidate(kids.get(1), "src-other"));
        assertEquals(Optional.empty(), d.s.scoredSameCandidate("src-same"), "not scored yet");

        // once scored, it is no longer under evaluation: the other node is skipped naming it
        d.s.nodeScored(kids.get(0), Score.of(10, 6, 1.0), "src-same", 1.0, null);
        assertEquals(Optional.empty(), d.s.evaluatingSameCandidate(kids.get(1), "src-same"));
        assertEquals(Optional.of(kids.get(0)), d.s.scoredSameCandidate("src-same"));

        // a rejected evaluation leaves nothing to reuse: a node reaching its candidate is evaluated itself
        d.s.evaluationReserved(kids.get(2), 1.0, 0.01, List.of(), "src-rejected");
        d.s.nodeRejected(kids.get(2), "lost its race", 0.2);
        assertEquals(Optional.empty(), d.s.evaluatingSameCandidate(kids.get(1), "src-rejected"));
        assertEquals(Optional.empty(), d.s.scoredSameCandidate("src-rejected"));
    }

    @Test
    void aChildWhoseCandidateWasAlreadyScoredIsSkippedNamingThatNode() {
        Driver d = new Driver(config(2, 1, 5, 100, false), 100, 0.5);
        d.baseline();
        Decision.Expand r1 = d.openExpansion();
        List<String> kids = d.propose(r1, 0.1, 2);
        d.score(kids.get(0), 8, 1.0, 1.0, 1.0, 0);
        assertEquals(Optional.of(kids.get(0)), d.s.scoredSameCandidate("src-" + kids.get(0)));
        assertEquals(Optional.of(ROOT), d.s.scoredSameCandidate("src-" + ROOT));
        assertEquals(Optional.empty(), d.s.scoredSameCandidate("src-elsewhere"));

        // the second child undid the first's edit: its candidate is the baseline's
        d.s.sameCandidateFound(kids.get(1), ROOT, 0.01, List.of());
        TreeNode skipped = d.s.tree().get(kids.get(1));
        assertEquals(NodeStatus.SKIPPED, skipped.status());
        assertEquals("the same candidate as n0, already scored", skipped.failure());
        assertNull(skipped.score(), "nothing is measured for it twice");
        assertTrue(d.round(r1.roundId()).closed(), "the round closes with its last child settled");
        assertEquals(0.1 + 0.01, d.s.ledger().spentUsd(SpendKind.ORCHESTRATOR), EPS);
        assertEquals(1.0 + 1.0, d.s.ledger().spentUsd(SpendKind.EVALUATION), EPS);
    }

    @Test
    void aRoundWithNoNewEditsClosesAtOnceAndCountsAsStalled() {
        Driver d = new Driver(config(2, 1, 1, 100, false), 100, 0.5);
        d.baseline();
        Decision.Expand r1 = d.openExpansion();
        d.propose(r1, 0.2, 0);
        assertTrue(d.round(r1.roundId()).closed());
        assertEquals(0.2, d.s.ledger().spentUsd(SpendKind.ORCHESTRATOR), EPS);
        assertEquals(1, d.s.stalledRounds());
        // the proposer has nothing new for the only node: it is not expanded again
        assertEquals(new Decision.Stop(StopReason.NO_CANDIDATES), d.s.plan().orElseThrow());
    }

    @Test
    void maxNodesStopsTheSessionAndFinishedWaitsForOpenRounds() {
        Driver d = new Driver(config(2, 2, 100, 3, false), 100, 0.5);
        d.baseline();
        Decision.Expand r1 = d.openExpansion();
        Decision.Expand r2 = d.openExpansion();
        assertNotEquals(r1.roundId(), r2.roundId());

        List<String> kids = d.propose(r1, 0.1, 2);
        assertEquals(3, d.s.tree().size());
        // the node limit is reached: stop, even though work is in flight
        assertEquals(new Decision.Stop(StopReason.MAX_NODES), d.s.plan().orElseThrow());
        d.s.stopRequested(StopReason.MAX_NODES);
        assertEquals(Optional.of(StopReason.MAX_NODES), d.s.stopReason());
        assertEquals(Optional.empty(), d.s.plan(), "nothing new starts after a stop");
        assertFalse(d.s.finished(), "r1 and r2 are still open");

        kids.forEach(d::scoreDominated);
        assertTrue(d.round(r1.roundId()).closed());
        assertFalse(d.s.finished(), "r2 is still open");

        d.propose(r2, 0.1, 0);
        assertTrue(d.s.finished());
        assertEquals(0.0, d.s.ledger().reservedUsd(), EPS, "every reservation settled");
    }

    @Test
    void finishedWaitsForAChildStillBeingEvaluated() {
        Driver d = new Driver(config(1, 1, 1, 100, false), 100, 0.5);
        d.baseline();
        Decision.Expand r1 = d.openExpansion();
        String child = d.propose(r1, 0.1, 1).get(0);
        d.s.stopRequested(StopReason.STOPPED_BY_USER);
        d.s.evaluationReserved(child, 1.0, 0);
        d.s.nodeScored(child, Score.of(10, 3, 2.0), "src", 1.0, null);
        assertFalse(d.s.finished(), "scored, but its frontier effect is not known yet");
        assertEquals(List.of(child), d.s.pendingNodes().stream().map(n -> n.id()).toList());
        d.s.frontierUpdated(d.frontier.add(new ScoredNode(child, d.s.tree().get(child).score())));
        assertTrue(d.s.finished());
        // a later stop reason does not replace the first
        d.s.stopRequested(StopReason.FRONTIER_STALLED);
        assertEquals(Optional.of(StopReason.STOPPED_BY_USER), d.s.stopReason());
    }

    @Test
    void roundReservationIsChargedWithProposerAndMaterializeCostAtRoundClose() {
        Driver d = new Driver(config(3, 1, 100, 100, false), 100, 1.0);
        d.baseline();
        Decision.Expand r1 = d.openExpansion();
        String reservation = d.round(r1.roundId()).reservationId();
        assertTrue(d.s.ledger().isOpen(reservation));
        assertEquals(1.0, d.s.ledger().reservedUsd(), EPS);

        List<String> kids = d.propose(r1, 0.30, 3);
        d.score(kids.get(0), 4, 2.0, 1.0, 0.8, 0.02);
        d.s.editFailed(kids.get(1), "patch did not apply", 0.04);
        assertTrue(d.s.ledger().isOpen(reservation), "the round is open until every child settles");
        assertEquals(0.0, d.s.ledger().spentUsd(SpendKind.ORCHESTRATOR), EPS);
        assertFalse(d.round(r1.roundId()).closed());

        d.score(kids.get(2), 4, 2.0, 1.0, 0.9, 0.03);
        assertTrue(d.round(r1.roundId()).closed());
        assertFalse(d.s.ledger().isOpen(reservation));
        assertEquals(0.30 + 0.02 + 0.04 + 0.03, d.s.ledger().spentUsd(SpendKind.ORCHESTRATOR), EPS);
        assertEquals(1.0 + 0.8 + 0.9, d.s.ledger().spentUsd(SpendKind.EVALUATION), EPS);
        assertEquals(0.0, d.s.ledger().reservedUsd(), EPS);
        assertEquals(0.0, d.s.ledger().overrunUsd(), EPS);
        assertEquals(d.s.ledger().spentUsd(), d.s.ledger().sumOfChargesUsd(), EPS);
        assertEquals(NodeStatus.FAILED, d.s.tree().get(kids.get(1)).status());
    }

    @Test
    void aChildDeniedItsEvaluationIsSkippedAndItsRoundStillCloses() {
        Driver d = new Driver(config(2, 1, 100, 100, false), 3.0, 0.5);
        d.baseline();
        Decision.Expand r1 = d.openExpansion(); // 1.5 left
        List<String> kids = d.propose(r1, 0.1, 2);
        d.score(kids.get(0), 4, 2.0, 1.0, 1.0, 0.01); // 0.5 left
        assertFalse(d.s.canReserve(1.0));
        d.s.evaluationDenied(kids.get(1), 0.01);
        assertEquals(NodeStatus.SKIPPED, d.s.tree().get(kids.get(1)).status());
        assertTrue(d.round(r1.roundId()).closed());
        assertEquals(0.12, d.s.ledger().spentUsd(SpendKind.ORCHESTRATOR), EPS);
    }

    @Test
    void aCombinedChildMadeWithoutSomePartsHoldsTheEditItWasMadeWithAndItsParentMayBeOfferedTheRestAgain() {
        Driver d = new Driver(config(2, 1, 100, 100, false), 100, 0.5);
        d.baseline();
        Decision.Expand r1 = d.openExpansion();
        Edit a = d.nextEdit(EditClass.PROMPT);
        Edit b = d.nextEdit(EditClass.TOOL);
        Edit c = d.nextEdit(EditClass.SCAFFOLD);
        d.s.proposalsReceived(r1.roundId(), 0.1, List.of(new ChildSpec("n1", Edit.combined(List.of(a, b, c)),
                Origin.REFLECTION)));

        d.s.evaluationReserved("n1", 1.0, 0.03, List.of(1), null);

        assertEquals(Edit.combined(List.of(a, c)), d.s.tree().get("n1").edit());
        assertEquals(List.of(b), d.s.tree().get("n1").leftOut(), "what a reviewer is told was left out");
        assertEquals(List.of(b), SearchState.restore(new OptimizerConfig(config(2, 1, 100, 100, false), 100), 7, 0.5,
                0.0, d.s.snapshot()).tree().get("n1").leftOut(), "kept in a snapshot");
        assertEquals(List.of(), d.s.tree().get(ROOT).leftOut());
        assertEquals(List.of(a, c), d.s.tree().branchEdits("n1"));
        List<Edit> excluded = Reflections.exclusions(d.s.tree(), ROOT);
        assertTrue(excluded.contains(a) && excluded.contains(c), excluded.toString());
        assertFalse(excluded.contains(b), "the part that could not be applied may be proposed again");
    }

    @Test
    void reservingBeyondTheBudgetIsRefusedLoudly() {
        Driver d = new Driver(config(1, 1, 100, 100, false), 1.0, 0.5);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> d.s.evaluationReserved(ROOT, 2.0, 0));
        assertTrue(e.getMessage().contains("eval/" + ROOT), e.getMessage());
    }

    @Test
    void parallelRoundsLimitsOpenRounds() {
        Driver d = new Driver(config(1, 2, 100, 100, false), 100, 0.5);
        d.baseline();
        Decision.Expand r1 = d.openExpansion();
        Decision.Expand r2 = d.openExpansion();
        assertEquals(Set.of("r1", "r2"), Set.of(r1.roundId(), r2.roundId()));
        assertEquals(Optional.empty(), d.s.plan(), "two rounds open of two allowed");
        assertEquals(Optional.empty(), d.s.plan(), "asking again changes nothing");

        d.scoreDominated(d.propose(r2, 0.1, 1).get(0)); // r2 closes
        Decision.Expand r3 = d.openExpansion();
        assertEquals("r3", r3.roundId());
        assertEquals(Optional.empty(), d.s.plan());
        assertEquals(2, d.s.rounds().stream().filter(r -> !r.closed()).count());
    }

    @Test
    void oneParallelRoundMeansOneAtATime() {
        Driver d = new Driver(config(1, 1, 100, 100, false), 100, 0.5);
        d.baseline();
        Decision.Expand r1 = d.openExpansion();
        assertEquals(Optional.empty(), d.s.plan());
        d.scoreDominated(d.propose(r1, 0.1, 1).get(0));
        assertInstanceOf(Decision.Expand.class, d.s.plan().orElseThrow());
    }

    @Test
    void aFrontierParentIsExpandedPastMaxExpansionsUntilItsProposerHasNothingNew() {
        Driver d = new Driver(new SearchConfig(1, 1, 100, 100, 2, false), 100, 0.5);
        d.baseline();
        List<String> kids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Decision.Expand e = d.openExpansion();
            assertEquals(ROOT, e.parentId(), "the baseline is the whole frontier");
            List<String> k = d.propose(e, 0.1, 1);
            k.forEach(d::scoreDominated);
            kids.addAll(k);
        }
        assertEquals(3, d.s.tree().get(ROOT).expansions());
        d.propose(d.openExpansion(), 0.1, 0); // nothing new for the top
        d.propose(d.openExpansion(), 0.1, 0); // nor for the frontier as a whole
        // the frontier is exhausted: the nodes behind it are grown instead
        Decision.Expand next = d.openExpansion();
        assertTrue(kids.contains(next.parentId()), next.parentId());
    }

    @Test
    void theCheapestFrontierNodeIsAskedForCostCutsUntilItHasNoneLeft() {
        Driver d = new Driver(new SearchConfig(1, 1, 100, 100, 2, false), 100, 0.5);
        d.baseline();
        d.propose(d.openExpansion(), 0.1, 1).forEach(d::scoreDominated);
        String cheaper = "n2";
        Decision.Expand forCheap = d.openExpansion();
        assertEquals(ReflectionGoal.CHEAP, forCheap.goal(), "the second of every ten expansions");
        assertEquals(ROOT, forCheap.parentId(), "the baseline is the whole frontier");
        assertEquals(List.of(cheaper), d.propose(forCheap, 0.1, 1));
        d.score(cheaper, 4, 0.5, 1.0, 1.0, 0);
        assertEquals(List.of(ROOT, cheaper), d.s.frontier().stream().sorted().toList());
        for (int i = 2; i < 5; i++) {
            Decision.Expand e = d.openExpansion();
            assertNotEquals(ReflectionGoal.CHEAP, e.goal());
            d.propose(e, 0.1, 1).forEach(d::scoreDominated);
        }
        Decision.Expand again = d.openExpansion();
        assertEquals(ReflectionGoal.CHEAP, again.goal(), "the sixth of every ten");
        assertEquals(cheaper, again.parentId(), "the cheapest frontier node");
        d.propose(again, 0.1, 0); // no cost cut left for it
        assertTrue(d.s.parentCandidates().stream().anyMatch(c -> c.node().id().equals(cheaper)),
                "it may still be expanded for the frontier as a whole");
        for (int i = 6; i < 11; i++) {
            d.propose(d.openExpansion(), 0.1, 1).forEach(d::scoreDominated);
        }
        Decision.Expand next = d.openExpansion();
        assertEquals(ReflectionGoal.CHEAP, next.goal());
        assertEquals(ROOT, next.parentId(), "the next cheapest, once the cheapest has no cut left");
    }

    @Test
    void aNodeWithNoEditLeftForTheTopIsStillExpandedForTheFrontier() {
        Driver d = new Driver(new SearchConfig(1, 1, 100, 100, 2, false), 100, 0.5);
        d.baseline();
        for (int i = 0; i < 3; i++) {
            Decision.Expand e = d.openExpansion();
            assertEquals(i == 1 ? ReflectionGoal.CHEAP : ReflectionGoal.FRONTIER, e.goal());
            d.propose(e, 0.1, 1).forEach(d::scoreDominated);
        }
        Decision.Expand forTop = d.openExpansion();
        assertEquals(ReflectionGoal.TOP, forTop.goal());
        assertEquals(ROOT, forTop.parentId(), "the baseline is the whole frontier");
        d.propose(forTop, 0.1, 0);

        ParentSelector.Candidate root = d.s.parentCandidates().stream()
                .filter(c -> c.node().id().equals(ROOT)).findFirst()
                .orElseThrow(() -> new AssertionError("the baseline may still be expanded"));
        assertTrue(Double.isNaN(root.passMean()), "but not for the top");
        Decision.Expand next = d.openExpansion();
        assertEquals(ROOT, next.parentId(), "edits for the frontier as a whole may be left for it");
        assertEquals(ReflectionGoal.FRONTIER, next.goal());
        d.propose(next, 0.1, 0);
        assertTrue(d.s.parentCandidates().stream().noneMatch(c -> c.node().id().equals(ROOT)),
                "with none left for the frontier either, it is exhausted");
    }

    @Test
    void aNodeOffTheFrontierIsExpandedAtMostMaxExpansionsTimes() {
        Driver d = new Driver(new SearchConfig(1, 1, 100, 100, 1, false), 100, 0.5);
        d.baseline();
        String kid = d.propose(d.openExpansion(), 0.1, 1).get(0);
        d.scoreDominated(kid);
        d.propose(d.openExpansion(), 0.1, 0); // no cost cut for the baseline
        d.propose(d.openExpansion(), 0.1, 0); // nor any other edit: the baseline is exhausted
        for (ReflectionGoal goal : List.of(ReflectionGoal.TOP, ReflectionGoal.FRONTIER)) {
            Decision.Expand e = d.openExpansion();
            assertEquals(kid, e.parentId());
            assertEquals(goal, e.goal());
            d.propose(e, 0.1, 0);
        }
        assertEquals(new Decision.Stop(StopReason.NO_CANDIDATES), d.s.plan().orElseThrow());
    }

    @Test
    void compoundsTwoHelpfulEditsAfterAnExpansion() {
        Driver d = new Driver(config(2, 1, 100, 100, true), 100, 0.5);
        d.baseline();
        Decision.Expand r1 = d.openExpansion();
        List<String> kids = d.propose(r1, 0.1, 2, EditClass.PROMPT, EditClass.ROUTING);
        d.score(kids.get(0), 7, 1.0, 1.0, 1.0, 0); // better at the same cost
        d.score(kids.get(1), 4, 0.5, 1.0, 1.0, 0); // a little worse at half the cost
        assertTrue(d.s.tree().get(kids.get(0)).movedFrontier());
        assertTrue(d.s.tree().get(kids.get(1)).movedFrontier());

        Decision.Compound c = assertInstanceOf(Decision.Compound.class, d.s.plan().orElseThrow());
        assertEquals(Set.copyOf(kids), Set.of(c.baseId(), c.editFrom()));
        assertEquals("n3", c.childId());
        assertTrue(c.edit().sameChangeAs(d.s.tree().get(c.editFrom()).edit()));
        d.s.compoundOpened(c);
        assertEquals(Origin.COMPOUND, d.s.tree().get("n3").origin());
        assertEquals(c.baseId(), d.s.tree().get("n3").parentId());
        assertEquals(Optional.empty(), d.s.plan(), "the compound round is open");

        d.score("n3", 8, 0.5, 1.0, 1.0, 0.05);
        assertTrue(d.round(c.roundId()).closed());
        // a compound follows an expansion at most: next is an expansion, not the same pair again
        assertInstanceOf(Decision.Expand.class, d.s.plan().orElseThrow());
        assertEquals(0.1 + 0.05, d.s.ledger().spentUsd(SpendKind.ORCHESTRATOR), EPS);
    }

    @Test
    void oneCompoundIsOpenedPerTwoExpansionsWhileEditsToCompoundAreLeft() {
        Driver d = new Driver(config(2, 1, 100, 100, true), 1000, 0.5);
        d.baseline();
        StringBuilder kinds = new StringBuilder();
        int passes = 5; // of 10 cases, as the baseline
        for (int step = 0; step < 8; step++) {
            Decision next = d.s.plan().orElseThrow();
            if (next instanceof Decision.Expand e) {
                kinds.append('E');
                d.s.expansionOpened(e);
                List<String> kids = d.propose(e, 0.1, 2, EditClass.PROMPT, EditClass.ROUTING);
                // each expansion finds an edit that helps at the same cost and one that costs less for a little less
                d.score(kids.get(0), ++passes, 1.0, 1.0, 1.0, 0);
                d.score(kids.get(1), passes - 2, 0.5, 1.0, 1.0, 0);
            } else {
                Decision.Compound c = assertInstanceOf(Decision.Compound.class, next);
                kinds.append('C');
                d.s.compoundOpened(c);
                d.scoreDominated(c.childId());
            }
        }
        assertEquals("ECEECEEC", kinds.toString(), "the first compound after the first expansion, then one per "
                + SearchConfig.EXPANSIONS_PER_COMPOUND + " expansions");
    }

    @Test
    void lateInTheBudgetACompoundGoesOnlyToANodeWhoseChildCanStillBeEvaluated() {
        for (double budget : new double[] {8, 100}) {
            Driver d = new Driver(config(2, 1, 100, 100, true), budget, 0.5);
            d.baseline();
            List<String> kids = d.propose(d.openExpansion(), 0.1, 2, EditClass.PROMPT, EditClass.ROUTING);
            d.score(kids.get(0), 7, 1.0, 1.0, 1.0, 0); // better at the same cost, evaluated for $0.10 per case
            d.score(kids.get(1), 5, 0.5, 3.0, 3.0, 0); // as good at half the cost, but evaluated for $0.30 per case
            Decision.Compound c = assertInstanceOf(Decision.Compound.class, d.s.plan().orElseThrow());
            // either edit on the other node predicts 70% at $0.50; the tie goes to the cheaper base, unless its
            // child ($3.00 at its measured cost) no longer fits in the $2.90 left of $8
            assertEquals(budget == 8 ? kids.get(0) : kids.get(1), c.baseId(), "budget " + budget);
        }
    }

    @Test
    void thePlanIsDeterministicForASeed() {
        List<String> a = parents(11);
        assertEquals(a, parents(11));
        assertTrue(Set.copyOf(a).size() > 3, "the run must choose among several parents: " + a);
        assertNotEquals(a, parents(12), "another seed draws other parents");
    }

    /** Runs a hand session where every child helps a little, recording which parents were chosen. */
    private static List<String> parents(long seed) {
        SearchConfig c = new SearchConfig(2, 1, 100, 40, 3, false);
        SearchState s = new SearchState(new OptimizerConfig(c, 1000), seed, 0.5, 0);
        FrontierTracker f = FrontierTracker.anchoredOnFirst();
        s.evaluationReserved(ROOT, 1.0, 0);
        s.nodeScored(ROOT, Score.of(100, 50, 1.0), "src", 1.0, null);
        s.frontierUpdated(f.add(new ScoredNode(ROOT, s.tree().get(ROOT).score())));
        List<String> parents = new ArrayList<>();
        Optional<Decision> next;
        int k = 0;
        while ((next = s.plan()).isPresent() && next.get() instanceof Decision.Expand e) {
            s.expansionOpened(e);
            parents.add(e.parentId());
            List<ChildSpec> kids = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                k++;
                kids.add(new ChildSpec("n" + (s.tree().size() + i),
                        Edit.of(EditClass.PROMPT, "e" + k, java.util.Map.of("k", "" + k)), Origin.REFLECTION));
            }
            s.proposalsReceived(e.roundId(), 0.1, kids);
            for (ChildSpec ch : kids) {
                s.evaluationReserved(ch.nodeId(), 1.0, 0);
                s.nodeScored(ch.nodeId(), Score.of(100, 50 + (k % 7) * 5, 0.5 + (k % 5) * 0.2), "src", 1.0, null);
                s.frontierUpdated(f.add(new ScoredNode(ch.nodeId(), s.tree().get(ch.nodeId()).score())));
            }
        }
        return parents;
    }

    @Test
    void aChildRacesAgainstTheFrontierAndItsParentsEstimateAsTheyStoodWhenItWasOpened() {
        Driver d = new Driver(config(3, 2, 5, 100, false), 100, 0.5);
        d.baseline();
        List<String> kids = d.propose(d.openExpansion(), 0.1, 2, EditClass.TOOL);
        assertEquals(Racing.Context.NONE, d.s.raceContext(ROOT), "the baseline races nobody");

        Racing.Context race = d.s.raceContext(kids.get(0));
        assertEquals(List.of(new Point.Simple(0.5, 1.0)), race.frontier());
        assertEquals(0.5, race.parentEstimate(), EPS, "the baseline alone: its own sample");
        assertEquals(Math.sqrt(6.0 / 12 * 6.0 / 12 / 10), race.parentSd(), EPS);
        assertTrue(race.editSpread() > 0);

        d.score(kids.get(0), 9, 0.5, 1.0, 1.0, 0);
        Racing.Context later = d.s.raceContext(kids.get(1));
        assertEquals(List.of(new Point.Simple(0.9, 0.5)), later.frontier(), "the sibling that dominates the baseline");
        assertTrue(later.editSpread() > race.editSpread(), "a 40-point jump widens the spread of edit effects");
    }

    @Test
    void aChildWhoseEditWasMeasuredElsewhereRacesOnWhatItDidThere() {
        Driver d = new Driver(config(2, 2, 5, 100, false), 100, 0.5);
        d.baseline();
        Edit tool = d.nextEdit(EditClass.TOOL);
        Decision.Expand first = d.openExpansion();
        d.s.proposalsReceived(first.roundId(), 0.1, List.of(new ChildSpec("n1", tool, Origin.REFLECTION),
                new ChildSpec("n2", d.nextEdit(EditClass.TOOL), Origin.REFLECTION)));
        d.score("n1", 9, 1.0, 1.0, 1.0, 0); // the tool took the baseline from 5 to 9 of 10
        d.score("n2", 5, 0.5, 1.0, 1.0, 0); // a cheaper sibling at the baseline's rate
        // the same tool applied to the cheaper sibling, and a tool never measured
        d.s.compoundOpened(new Decision.Compound("r2", "n2", "n1", tool, "n3", 0));
        d.s.compoundOpened(new Decision.Compound("r3", "n2", "n2", d.nextEdit(EditClass.TOOL), "n4", 0));
        Racing.Context same = d.s.raceContext("n3");
        Racing.Context unseen = d.s.raceContext("n4");
        assertTrue(same.parentEstimate() > unseen.parentEstimate() + 0.1,
                "the tool's measured gain: " + same.parentEstimate() + " against " + unseen.parentEstimate());
        assertEquals(same.parentEstimate(), same.costlier().estimate(), EPS, "whichever way it moves the cost");
        assertEquals(same.parentEstimate(), same.cheaper().estimate(), EPS);
    }
}
