package io.alp.engine.search;

import io.alp.engine.budget.BudgetLedger;
import io.alp.engine.frontier.Evidence;
import io.alp.engine.frontier.Pareto;
import io.alp.engine.frontier.Point;
import io.alp.engine.model.Dataset;
import io.alp.engine.model.Edit;
import io.alp.engine.model.EditClass;
import io.alp.engine.tree.NodeStatus;
import io.alp.engine.tree.SearchTree;
import io.alp.engine.tree.TreeNode;
import io.alp.engine.testkit.ToyWorld;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whole sessions on the toy world (a test fake in {@code io.alp.engine.testkit}), run in the calling thread. */
class LocalSearchTest {

    private static final double EPS = 1e-9;
    private static final Dataset TEN = ToyWorld.dataset(10);

    /** branching 3, 2 rounds in parallel, stall after 3, at most 60 nodes, 3 expansions per node, compounding. */
    private static final SearchConfig CONFIG = new SearchConfig(3, 2, 3, 60, 3, true);

    private static LocalSearch run(ToyWorld world, SearchConfig config, double budget, long seed) {
        return new LocalSearch(world.world(), TEN, new OptimizerConfig(config, budget), seed).run();
    }

    /** What must hold at the end of every session, whatever the world, budget or stop reason. */
    private static void assertSound(LocalSearch run, ToyWorld world, double budget) {
        SearchState s = run.state();
        BudgetLedger ledger = s.ledger();
        String where = "budget " + budget + ", stop " + s.stopReason().orElse(null);

        assertTrue(s.stopReason().isPresent(), "stopped for a stated reason: " + where);
        assertTrue(s.finished(), where);
        assertTrue(s.pendingNodes().isEmpty(), where);

        assertTrue(ledger.spentUsd() <= budget + EPS, "spent " + ledger.spentUsd() + " of " + budget);
        assertEquals(0.0, ledger.overrunUsd(), EPS, where);
        assertEquals(0.0, ledger.reservedUsd(), EPS, "every reservation settled: " + where);
        assertEquals(ledger.spentUsd(), ledger.sumOfChargesUsd(), 0.0, where);
        // every dollar the world charged was recorded, once (costs round up to whole micro-dollars per charge)
        assertEquals(world.spentUsd(), ledger.spentUsd(), 1e-6 * (ledger.charges() + 1), where);

        // the frontier: scored and active; no live node dominates it by estimated pass-rate, and no scored node
        // anywhere in the tree clearly dominates it on their own results
        List<TreeNode> scored = s.tree().nodes().stream().filter(n -> n.status() == NodeStatus.SCORED).toList();
        assertFalse(s.frontier().isEmpty() && !scored.isEmpty(), where);
        for (String id : s.frontier()) {
            TreeNode f = s.tree().get(id);
            assertTrue(f.active(), id + " on the frontier but not active");
            Point atEstimate = Point.of(run.frontier().estimate(id).mean(), f.score().costPerCase());
            for (TreeNode n : scored) {
                var other = new io.alp.engine.frontier.ScoredNode(n.id(), n.score());
                assertFalse(Evidence.clearlyDominates(other, new io.alp.engine.frontier.ScoredNode(f.id(),
                        f.score())), n.id() + " clearly dominates " + id);
                if (!n.pruned()) {
                    assertFalse(Pareto.dominates(Point.of(run.frontier().estimate(n.id()).mean(),
                            n.score().costPerCase()), atEstimate), n.id() + " dominates " + id + " by estimate");
                }
            }
        }
        assertEquals(Set.copyOf(s.frontier()), Set.copyOf(
                run.frontier().frontier().stream().map(io.alp.engine.frontier.ScoredNode::nodeId).toList()));
        // pruning is noise-aware: a pruned node is off the frontier and dominated by some scored node
        for (TreeNode n : scored) {
            if (n.pruned()) {
                assertFalse(s.frontier().contains(n.id()), n.id() + ": " + where);
                assertTrue(scored.stream().anyMatch(m -> Pareto.dominates(
                        new io.alp.engine.frontier.ScoredNode(m.id(), m.score()),
                        new io.alp.engine.frontier.ScoredNode(n.id(), n.score()))), n.id() + " pruned: " + where);
            }
        }

        // no parent has two children carrying the same change: that candidate would be evaluated twice
        for (TreeNode parent : s.tree().nodes()) {
            List<Edit> edits = s.tree().children(parent.id()).stream().map(TreeNode::edit).toList();
            for (int i = 0; i < edits.size(); i++) {
                for (int j = i + 1; j < edits.size(); j++) {
                    assertFalse(edits.get(i).sameChangeAs(edits.get(j)),
                            "two children of " + parent.id() + " apply " + edits.get(i).key());
                }
            }
        }
        assertTrue(s.tree().size() <= s.config().maxNodes() + s.config().branching() * s.config().parallelRounds(),
                "tree of " + s.tree().size() + " nodes");

        // a candidate is scored once, however many paths reach it: the others are skipped naming it
        assertEquals(scored.size(), scored.stream().map(TreeNode::sourceRef).distinct().count(), where);
        for (TreeNode n : s.tree().nodes()) {
            sameCandidateAs(n).ifPresent(id -> assertEquals(s.tree().get(id).sourceRef(), candidate(s, n),
                    n.id() + " skipped as the same candidate as " + id));
        }
    }

    private static final Pattern SAME_CANDIDATE = Pattern.compile("the same candidate as (n\\d+), already scored");

    /** The scored node a skipped node was found to be the same candidate as. */
    private static Optional<String> sameCandidateAs(TreeNode n) {
        Matcher m = SAME_CANDIDATE.matcher(n.status() == NodeStatus.SKIPPED ? n.failure() : "");
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** A node's candidate in the toy world: its parent's knobs and those its edit switches on. */
    private static String candidate(SearchState s, TreeNode n) {
        TreeSet<String> knobs = ToyWorld.knobs(s.tree().get(n.parentId()).sourceRef());
        n.edit().parts().forEach(part -> knobs.add(part.payload().get("knob")));
        return String.join(",", knobs);
    }

    @Test
    void findsANodeThatDominatesTheBaselineWhenOneEditStrictlyHelps() {
        ToyWorld world = ToyWorld.standard();
        double budget = 40;
        LocalSearch run = run(world, CONFIG, budget, 1);
        assertSound(run, world, budget);

        SearchState s = run.state();
        TreeNode root = s.tree().get(SearchTree.ROOT);
        assertEquals(0.5, root.score().passRate(), EPS);
        assertEquals(0.10, root.score().costPerCase(), EPS);
        List<TreeNode> dominating = s.frontier().stream().map(s.tree()::get)
                .filter(n -> Pareto.dominates(new io.alp.engine.frontier.ScoredNode(n.id(), n.score()),
                        new io.alp.engine.frontier.ScoredNode(root.id(), root.score())))
                .toList();
        assertFalse(dominating.isEmpty(), "frontier " + s.frontier());
        assertFalse(s.frontier().contains(root.id()), "the baseline is dominated, so it leaves the frontier");
        // the helpful edit is on the branch of a dominating node, and pass-rates are the world's ground truth
        assertTrue(dominating.stream().anyMatch(n -> ToyWorld.knobs(n.sourceRef()).contains("tool")));
        for (TreeNode n : dominating) {
            assertEquals(world.passProbability(n.sourceRef()), n.score().passRate(), 0.05 + EPS);
            assertEquals(world.costPerCase(n.sourceRef()), n.score().costPerCase(), EPS);
        }
        assertTrue(s.hypervolume() > 0.5 * 0.10 + EPS, "hypervolume grew beyond the baseline's");
    }

    @Test
    void aBrokenEditIsRecordedAsFailedAndItsCostCharged() {
        ToyWorld world = ToyWorld.standard();
        LocalSearch run = run(world, CONFIG, 40, 1);
        List<TreeNode> failed = run.state().tree().nodes().stream()
                .filter(n -> n.status() == NodeStatus.FAILED).toList();
        assertFalse(failed.isEmpty(), "the proposer offers the broken knob on the first expansion");
        for (TreeNode n : failed) {
            assertEquals("broken", n.edit().payload().get("knob"));
            assertTrue(n.failure().contains("cannot be applied"), n.failure());
            assertEquals(null, n.score());
        }
        assertSound(run, world, 40);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 1.0, 1.2, 2.0, 2.5, 3.3, 5.0, 8.0, 13.0, 21.0, 34.0})
    void neverSpendsMoreThanTheBudget(double budget) {
        for (long seed = 1; seed <= 4; seed++) {
            ToyWorld world = ToyWorld.standard();
            LocalSearch run = run(world, CONFIG, budget, seed);
            assertSound(run, world, budget);
        }
    }

    @Test
    void aChildIsAdmittedOnItsParentsMeasuredCostNotOnTheCap() {
        // each case may cost 40x what it does: the baseline is admitted at its cap ($40.01) and costs $1.01; the
        // "tool" child's cases at the cap ($60.01) would not fit in what is left, at its parent's cost they do
        ToyWorld world = new ToyWorld(0.5, 0.10, List.of(ToyWorld.Knob.of("tool", EditClass.TOOL, 0.3, 0.05)))
                .withCapFactor(40);
        double budget = 50;
        LocalSearch run = run(world, CONFIG, budget, 1);
        assertSound(run, world, budget);
        List<TreeNode> scored = run.state().tree().nodes().stream()
                .filter(n -> n.parentId() != null && n.status() == NodeStatus.SCORED).toList();
        assertTrue(scored.stream().anyMatch(n -> ToyWorld.knobs(n.sourceRef()).contains("tool")),
                "the tool child is scored: " + run.state().tree().nodes().stream()
                        .map(n -> n.id() + " " + n.status() + " " + n.failure()).toList());
    }

    @ParameterizedTest
    @ValueSource(doubles = {40.02, 40.5, 41.5, 43.0, 47.0, 55.0})
    void aGenerousCapNeverLetsTheBudgetBeOverspent(double budget) {
        for (long seed = 1; seed <= 3; seed++) {
            ToyWorld world = ToyWorld.standard().withCapFactor(40);
            assertSound(run(world, CONFIG, budget, seed), world, budget);
        }
    }

    @Test
    void aBudgetTooSmallForTheBaselineSpendsNothing() {
        ToyWorld world = ToyWorld.standard();
        LocalSearch run = run(world, CONFIG, 1.0, 1); // the baseline needs 10 x ($0.10 + $0.001)
        assertEquals(StopReason.BUDGET_EXHAUSTED, run.state().stopReason().orElseThrow());
        assertEquals(NodeStatus.SKIPPED, run.state().tree().get(SearchTree.ROOT).status());
        assertEquals(0.0, run.state().ledger().spentUsd(), EPS);
        assertEquals(0.0, world.spentUsd(), EPS);
        assertEquals(0, world.proposerCalls());
        assertTrue(run.state().finished());
    }

    @Test
    void aTightBudgetStopsAsBudgetExhausted() {
        ToyWorld world = ToyWorld.standard();
        double budget = 3.0; // the baseline and about one more evaluation
        LocalSearch run = run(world, CONFIG, budget, 2);
        assertSound(run, world, budget);
        assertEquals(StopReason.BUDGET_EXHAUSTED, run.state().stopReason().orElseThrow());
        // the cheapest evaluation seen so far is what the search assumes the next child will need
        double cheapestEvaluation = run.state().tree().nodes().stream()
                .filter(n -> n.status() == NodeStatus.SCORED)
                .mapToDouble(n -> TEN.size() * (world.costPerCase(n.sourceRef()) + ToyWorld.JUDGE_COST))
                .min().orElseThrow();
        double needed = LocalSearch.roundReserveUsd(world.world(), CONFIG) + cheapestEvaluation;
        assertTrue(run.state().ledger().availableUsd() < needed, "stopped with enough left for another round");
        assertTrue(run.state().tree().size() > 1, "it did search before running out");
    }

    @Test
    void maxNodesStopsTheSearch() {
        ToyWorld world = ToyWorld.standard();
        SearchConfig small = new SearchConfig(3, 1, 50, 4, 3, false);
        LocalSearch run = run(world, small, 100, 1);
        assertSound(run, world, 100);
        assertEquals(StopReason.MAX_NODES, run.state().stopReason().orElseThrow());
        assertEquals(4, run.state().tree().size());
    }

    @Test
    void aHopelessWorldEndsWithNothingOnTheFrontierClearlyBetterThanTheBaselineOnceNoEditIsLeftToTry() {
        ToyWorld world = ToyWorld.hopeless();
        SearchConfig cfg = new SearchConfig(3, 1, 2, 100, 5, true);
        LocalSearch run = run(world, cfg, 100, 3);
        assertSound(run, world, 100);
        SearchState s = run.state();
        // stalled from the start, but with most of the budget left the search goes on until nothing is left to try
        assertEquals(StopReason.NO_CANDIDATES, s.stopReason().orElseThrow());
        assertTrue(s.ledger().availableUsd() > 50, "stopped with $" + s.ledger().availableUsd() + " left");
        assertEquals(SearchTree.ROOT, s.frontier().get(0), "the cheapest point");
        assertFalse(s.tree().get(SearchTree.ROOT).pruned());
        assertTrue(s.stalledRounds() >= 2);
        // every edit costs more and helps nothing: a dearer node may sit on the frontier only by a near-tie of
        // estimates (the tree pools ten-case samples of near-identical configurations), never by a clear margin
        double baseline = run.frontier().estimate(SearchTree.ROOT).mean();
        for (String id : s.frontier().subList(1, s.frontier().size())) {
            assertTrue(run.frontier().estimate(id).mean() - baseline < run.frontier().estimate(id).sd(),
                    id + " estimated " + run.frontier().estimate(id) + " against the baseline's " + baseline);
        }
    }

    @Test
    void runsOutOfCandidatesWhenEveryParentIsSpent() {
        ToyWorld world = ToyWorld.hopeless();
        SearchConfig cfg = new SearchConfig(3, 1, 50, 100, 2, true);
        LocalSearch run = run(world, cfg, 100, 3);
        assertSound(run, world, 100);
        assertEquals(StopReason.NO_CANDIDATES, run.state().stopReason().orElseThrow());
        // the baseline's first expansion tries every knob; asked again, for the cheap end and for the frontier as a
        // whole, the proposer has nothing new
        assertEquals(3, run.state().tree().get(SearchTree.ROOT).expansions());
    }

    @Test
    void theSameSeedRunsTheSameSession() {
        LocalSearch a = run(ToyWorld.standard(), CONFIG, 20, 9);
        LocalSearch b = run(ToyWorld.standard(), CONFIG, 20, 9);
        assertEquals(describe(a), describe(b));
        assertEquals(a.state().ledger().spentUsd(), b.state().ledger().spentUsd(), 0.0);
        assertEquals(a.state().stopReason(), b.state().stopReason());
    }

    private static List<String> describe(LocalSearch run) {
        List<String> rows = new ArrayList<>();
        for (TreeNode n : run.state().tree().nodes()) {
            rows.add(n.id() + " " + n.parentId() + " " + n.origin() + " " + n.status() + " "
                    + (n.edit() == null ? "-" : n.edit().key()) + " " + n.sourceRef());
        }
        return rows;
    }

    @Test
    void aCandidateReachedByTwoPathsIsEvaluatedOnce() {
        // compounds carry an edit found on one branch to another: "tool" then "cheap" is "cheap" then "tool"
        int skipped = 0;
        for (long seed = 1; seed <= 5; seed++) {
            ToyWorld world = ToyWorld.standard();
            LocalSearch run = run(world, CONFIG, 40, seed);
            assertSound(run, world, 40);
            skipped += (int) run.state().tree().nodes().stream().filter(n -> sameCandidateAs(n).isPresent()).count();
        }
        assertTrue(skipped > 0, "no candidate was reached twice in five sessions");
    }

    @Test
    void outcomesAreKeptPerScoredNode() {
        LocalSearch run = run(ToyWorld.standard(), CONFIG, 40, 1);
        for (TreeNode n : run.state().tree().nodes()) {
            if (n.status() == NodeStatus.SCORED) {
                assertEquals(TEN.size(), run.outcomes(n.id()).size(), n.id());
                long passes = run.outcomes(n.id()).stream().filter(o -> o.pass()).count();
                assertEquals(n.score().passes(), passes);
            } else if (n.status() == NodeStatus.REJECTED) {
                int ran = run.outcomes(n.id()).size();
                assertTrue(ran > 0 && ran < TEN.size(), n.id() + " rejected after " + ran + " cases");
            } else {
                assertTrue(run.outcomes(n.id()).isEmpty(), n.id());
            }
        }
    }
}
