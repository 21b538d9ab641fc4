package io.alp.engine.search;

import io.alp.engine.evaluation.CaseEvaluation;
import io.alp.engine.evaluation.EvaluationAllowance;
import io.alp.engine.evaluation.EvaluationCache;
import io.alp.engine.frontier.FrontierTracker;
import io.alp.engine.frontier.FrontierUpdate;
import io.alp.engine.frontier.ScoredNode;
import io.alp.engine.model.Case;
import io.alp.engine.model.Dataset;
import io.alp.engine.model.Edit;
import io.alp.engine.model.Outcome;
import io.alp.engine.model.Score;
import io.alp.engine.node.Dispatch;
import io.alp.engine.node.Evaluating;
import io.alp.engine.node.EvaluationWindow;
import io.alp.engine.node.NodeLifecycle;
import io.alp.engine.node.NodeSpec;
import io.alp.engine.node.RecordedCase;
import io.alp.engine.port.Materialized;
import io.alp.engine.port.ProposalBatch;
import io.alp.engine.port.World;
import io.alp.engine.tree.SearchTree;
import io.alp.engine.tree.TreeNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Runs a whole session in the calling thread, one step at a time, with the same {@link SearchState} decisions the
 * actors make. For tests and benchmarks that need the search without the actor system.
 */
public final class LocalSearch {

    private final World world;
    private final Dataset dataset;
    private final SearchState state;
    private final FrontierTracker frontier = FrontierTracker.anchoredOnFirst();
    private final Map<String, Map<String, Outcome>> outcomes = new HashMap<>();
    private final Map<String, Double> evaluationCosts = new HashMap<>();
    private final EvaluationCache cache = new EvaluationCache();
    private long evaluations;
    private Consumer<Consumer<SearchState>> journal = change -> {
    };

    public LocalSearch(World world, Dataset dataset, OptimizerConfig optimizer, long seed) {
        this.world = world;
        this.dataset = dataset;
        this.state = new SearchState(optimizer, seed, roundReserveUsd(world, optimizer.search()),
                world.materializer().maxCostUsd());
    }

    /** What one expansion may cost the orchestrator at most: the proposer call and applying each edit. */
    public static double roundReserveUsd(World world, SearchConfig config) {
        return world.proposer().maxCostUsd(config.mostEditsAsked())
                + config.mostEditsApplied() * world.materializer().maxCostUsd();
    }

    /**
     * Hands {@code journal} each change this search makes to its state, before making it, as a function that makes
     * it: what a session persists as one event, to be applied again to another state.
     */
    public LocalSearch journaling(Consumer<Consumer<SearchState>> journal) {
        this.journal = journal;
        return this;
    }

    public LocalSearch run() {
        evaluate(SearchTree.ROOT, Racing.Context.NONE);
        Optional<Decision> next;
        while ((next = state.plan()).isPresent()) {
            Decision d = next.get();
            if (d instanceof Decision.Stop stop) {
                apply(s -> s.stopRequested(stop.reason()));
            } else if (d instanceof Decision.Expand expand) {
                expand(expand);
            } else if (d instanceof Decision.Compound compound) {
                apply(s -> s.compoundOpened(compound));
                evaluate(compound.childId(), state.raceContext(compound.childId()));
            }
        }
        return this;
    }

    private void expand(Decision.Expand d) {
        apply(s -> s.expansionOpened(d));
        SearchTree tree = state.tree();
        TreeNode parent = tree.get(d.parentId());
        List<Edit> exclude = Reflections.exclusions(tree, parent.id());
        Score parentScore = parent.parentId() == null ? null : tree.get(parent.parentId()).score();
        ProposalBatch batch = join(world.proposer().propose(Reflections.of(parent.id(), parent.sourceRef(),
                parent.score(), parentScore, tree.branchEdits(parent.id()), outcomes.get(parent.id()).values(),
                dataset.cases(), exclude,
                d.count(), state.reflectionSeed(d.roundId()), d.goal())));
        List<ChildSpec> children = state.children(parent.id(), batch.edits(), d.goal());
        apply(s -> s.proposalsReceived(d.roundId(), batch.costUsd(), children));
        // as in a session, every child of the round is opened before any of them is scored
        Map<String, Racing.Context> races = new HashMap<>();
        children.forEach(c -> races.put(c.nodeId(), state.raceContext(c.nodeId())));
        children.forEach(c -> evaluate(c.nodeId(), races.get(c.nodeId())));
    }

    /**
     * Takes a node through its lifecycle ({@link NodeLifecycle}) as a session's node actor does: materialize,
     * reserve, evaluate stage by stage, then score or reject.
     *
     * @param race what its staged evaluation races against, as things stood when the node was opened
     */
    private void evaluate(String nodeId, Racing.Context race) {
        TreeNode node = state.tree().get(nodeId);
        String parentSource = node.parentId() == null ? null : state.tree().get(node.parentId()).sourceRef();
        NodeLifecycle.Materializing opened = new NodeLifecycle.Unopened().open(new NodeSpec(null, nodeId,
                node.parentId(), parentSource, node.edit(), null, dataset.id(), state.config().staged(),
                Racing.seed(state.seed(), nodeId), race));
        Materialized m = join(opened.materialize(world.materializer()));
        if (!m.applied()) {
            apply(s -> s.editFailed(nodeId, m.failure(), m.costUsd()));
            return;
        }
        Optional<String> same = state.scoredSameCandidate(m.sourceRef());
        if (same.isPresent()) {
            apply(s -> s.sameCandidateFound(nodeId, same.get(), m.costUsd(), m.skippedParts()));
            return;
        }
        NodeLifecycle.Reserving reserving = opened.materialized(m.sourceRef(), m.costUsd(), m.skippedParts());
        EvaluationAllowance allowance = CaseEvaluation.allowance(world.runner(), world.judge(), m.sourceRef());
        double reserve = state.admissionUsd(nodeId, allowance, dataset.size());
        if (!state.canReserve(reserve)) {
            apply(s -> s.evaluationDenied(nodeId, m.costUsd()));
            return;
        }
        apply(s -> s.evaluationReserved(nodeId, reserve, m.costUsd(), m.skippedParts(), m.sourceRef()));
        NodeLifecycle.Evaluated end = run(reserving.granted(reserve), allowance, outcomes.get(node.parentId()));
        outcomes.put(nodeId, end.outcomes());
        evaluationCosts.put(nodeId, end.chargedUsd());
        if (end instanceof NodeLifecycle.Scored scored) {
            String passMask = scored.passMask(dataset.cases());
            apply(s -> s.nodeScored(nodeId, scored.score(), m.sourceRef(), scored.chargedUsd(), passMask));
            FrontierUpdate update = frontier.add(ScoredNode.of(state.tree().get(nodeId)));
            apply(s -> s.frontierUpdated(update));
        } else {
            NodeLifecycle.Rejected rejected = (NodeLifecycle.Rejected) end;
            apply(s -> s.nodeRejected(nodeId, rejected.reason(), rejected.chargedUsd()));
        }
    }

    /**
     * Runs an admitted evaluation to its end. Each stage's cases run in parallel, as many at a time as the node's
     * reservation covers at the per-case cap (raised from what is left of the budget when it does not); a case this
     * candidate already ran (reached by another path) is taken from the cache and charged nothing.
     *
     * @return the node scored, or rejected by its race or because the budget could not cover its next case
     */
    private NodeLifecycle.Evaluated run(Evaluating evaluating, EvaluationAllowance allowance,
                                        Map<String, Outcome> parent) {
        String nodeId = evaluating.spec().nodeId();
        // every batch is in before the next is dispatched: nothing is ever out in between
        EvaluationWindow nothingOut = new EvaluationWindow();
        while (true) {
            StagedEvaluation.Step step = evaluating.next(dataset.cases(), parent);
            if (step instanceof StagedEvaluation.Step.Advance advance) {
                evaluating = evaluating.advanced(advance.stage());
            } else if (step instanceof StagedEvaluation.Step.Reject reject) {
                return evaluating.rejected(reject.reason());
            } else if (step instanceof StagedEvaluation.Step.Score) {
                return evaluating.scored(evaluating.score());
            } else {
                List<Case> cases = ((StagedEvaluation.Step.Run) step).cases();
                evaluating = evaluating.recorded(cached(evaluating.sourceRef(), cases));
                Dispatch dispatch = evaluating.dispatch(cases, nothingOut, allowance);
                if (dispatch.heldBack()) {
                    double raiseTo = Math.min(dispatch.raise().wantedUsd(), state.raisableUsd(nodeId));
                    if (evaluating.raisedBy(raiseTo)) {
                        apply(s -> s.evaluationRaised(nodeId, raiseTo));
                        evaluating = evaluating.granted(raiseTo);
                        dispatch = evaluating.dispatch(cases, nothingOut, allowance);
                    }
                }
                if (dispatch.cases().isEmpty() && dispatch.heldBack()) {
                    return evaluating.rejected(evaluating.budgetRanOut(nothingOut, allowance, dataset.size())
                            .orElseThrow());
                }
                evaluating = evaluating.recorded(evaluate(evaluating.sourceRef(), dispatch.cases()));
            }
        }
    }

    private List<RecordedCase> cached(String source, List<Case> cases) {
        List<RecordedCase> known = new ArrayList<>();
        for (Case c : cases) {
            cache.get("", source, c.id()).ifPresent(o -> known.add(new RecordedCase(o, 0)));
        }
        return known;
    }

    private List<RecordedCase> evaluate(String source, List<Case> cases) {
        List<CompletableFuture<Outcome>> running = new ArrayList<>();
        for (Case c : cases) {
            running.add(CaseEvaluation.evaluate(world.runner(), world.judge(), source, c).toCompletableFuture());
        }
        List<RecordedCase> ran = new ArrayList<>();
        for (CompletableFuture<Outcome> f : running) {
            Outcome o = f.join();
            cache.put("", source, o);
            ran.add(new RecordedCase(o, o.evaluationCostUsd()));
        }
        evaluations += running.size();
        return ran;
    }

    private void apply(Consumer<SearchState> change) {
        journal.accept(change);
        change.accept(state);
    }

    public SearchState state() {
        return state;
    }

    public FrontierTracker frontier() {
        return frontier;
    }

    /** (candidate, case) evaluations run so far. */
    public long evaluations() {
        return evaluations;
    }

    /** Every outcome recorded for a node (a rejected node's cover only its minibatches). */
    public List<Outcome> outcomes(String nodeId) {
        return List.copyOf(outcomes.getOrDefault(nodeId, Map.of()).values());
    }

    /** What a node's evaluation was charged (cases from the cache cost nothing); 0 for a node never evaluated. */
    public double evaluationUsd(String nodeId) {
        return evaluationCosts.getOrDefault(nodeId, 0.0);
    }

    private static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }
}
