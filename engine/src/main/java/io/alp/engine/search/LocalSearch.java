package io.alp.engine.search;

import io.alp.engine.evaluation.CaseEvaluation;
import io.alp.engine.evaluation.EvaluationAllowance;
import io.alp.engine.evaluation.EvaluationCache;
import io.alp.engine.frontier.FrontierTracker;
import io.alp.engine.frontier.PassMask;
import io.alp.engine.frontier.ScoredNode;
import io.alp.engine.model.Case;
import io.alp.engine.model.Dataset;
import io.alp.engine.model.Edit;
import io.alp.engine.model.Outcome;
import io.alp.engine.model.Score;
import io.alp.engine.port.Materialized;
import io.alp.engine.port.ProposalBatch;
import io.alp.engine.port.World;
import io.alp.engine.tree.Origin;
import io.alp.engine.tree.SearchTree;
import io.alp.engine.tree.TreeNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

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
    private final Map<String, Double> charged = new HashMap<>();
    private final EvaluationCache cache = new EvaluationCache();
    private long evaluations;

    public LocalSearch(World world, Dataset dataset, OptimizerConfig optimizer, long seed) {
        this.world = world;
        this.dataset = dataset;
        this.state = new SearchState(optimizer, seed, roundReserveUsd(world, optimizer.search()),
                world.materializer().maxCostUsd());
    }

    /** What one expansion may cost the orchestrator at most: the proposer call and applying each edit. */
    public static double roundReserveUsd(World world, SearchConfig config) {
        return world.proposer().maxCostUsd(config.branching())
                + config.branching() * world.materializer().maxCostUsd();
    }

    public LocalSearch run() {
        evaluate(SearchTree.ROOT, world.materializer().baselineSource(), 0, Racing.Context.NONE);
        Optional<Decision> next;
        while ((next = state.plan()).isPresent()) {
            Decision d = next.get();
            if (d instanceof Decision.Stop stop) {
                state.stopRequested(stop.reason());
            } else if (d instanceof Decision.Expand expand) {
                expand(expand);
            } else if (d instanceof Decision.Compound compound) {
                state.compoundOpened(compound);
                materializeAndEvaluate(compound.childId(), state.raceContext(compound.childId()));
            }
        }
        return this;
    }

    private void expand(Decision.Expand d) {
        state.expansionOpened(d);
        SearchTree tree = state.tree();
        TreeNode parent = tree.get(d.parentId());
        List<Edit> exclude = Reflections.exclusions(tree, parent.id());
        Score parentScore = parent.parentId() == null ? null : tree.get(parent.parentId()).score();
        ProposalBatch batch = join(world.proposer().propose(Reflections.of(parent.id(), parent.sourceRef(),
                parent.score(), parentScore, tree.branchEdits(parent.id()), outcomes.get(parent.id()).values(),
                dataset.cases(), exclude,
                d.count(), state.reflectionSeed(d.roundId()))));
        List<ChildSpec> children = new ArrayList<>();
        for (Edit e : Reflections.distinct(batch.edits(), exclude, d.count())) {
            children.add(new ChildSpec("n" + (tree.size() + children.size()), e, Origin.REFLECTION));
        }
        state.proposalsReceived(d.roundId(), batch.costUsd(), children);
        // as in a session, every child of the round is opened before any of them is scored
        Map<String, Racing.Context> races = new HashMap<>();
        children.forEach(c -> races.put(c.nodeId(), state.raceContext(c.nodeId())));
        children.forEach(c -> materializeAndEvaluate(c.nodeId(), races.get(c.nodeId())));
    }

    /** @param race what its staged evaluation races against, as things stood when the node was opened */
    private void materializeAndEvaluate(String nodeId, Racing.Context race) {
        TreeNode node = state.tree().get(nodeId);
        String parentSource = state.tree().get(node.parentId()).sourceRef();
        Materialized m = join(world.materializer().apply(parentSource, node.edit()));
        if (!m.applied()) {
            state.editFailed(nodeId, m.failure(), m.costUsd());
            return;
        }
        evaluate(nodeId, m.sourceRef(), m.costUsd(), race);
    }

    private void evaluate(String nodeId, String source, double materializeCostUsd, Racing.Context race) {
        List<Case> cases = dataset.cases();
        EvaluationAllowance allowance = CaseEvaluation.allowance(world.runner(), world.judge(), source);
        double reserve = state.admissionUsd(nodeId, allowance, cases.size());
        if (!state.canReserve(reserve)) {
            state.evaluationDenied(nodeId, materializeCostUsd);
            return;
        }
        state.evaluationReserved(nodeId, reserve, materializeCostUsd);
        Map<String, Outcome> results = new LinkedHashMap<>();
        outcomes.put(nodeId, results);
        String parentId = state.tree().get(nodeId).parentId();
        Map<String, Outcome> parent = parentId == null ? null : outcomes.get(parentId);
        int stage = StagedEvaluation.firstStage(state.config().staged(), parent != null);
        long seed = Racing.seed(state.seed(), nodeId);
        StagedEvaluation.Step step;
        while (!((step = StagedEvaluation.next(cases, results, parent, stage, seed, race))
                instanceof StagedEvaluation.Step.Score)) {
            if (step instanceof StagedEvaluation.Step.Run run) {
                if (!run(nodeId, source, allowance, run.cases(), results)) {
                    state.nodeRejected(nodeId, EvaluationAllowance.budgetRanOut(results.size(), cases.size()),
                            charged.getOrDefault(nodeId, 0.0));
                    return;
                }
            } else if (step instanceof StagedEvaluation.Step.Advance advance) {
                stage = advance.stage();
            } else if (step instanceof StagedEvaluation.Step.Reject reject) {
                state.nodeRejected(nodeId, reject.reason(), charged.getOrDefault(nodeId, 0.0));
                return;
            }
        }
        Score score = Score.of(results.values());
        String mask = PassMask.of(cases, results);
        state.nodeScored(nodeId, score, source, charged.getOrDefault(nodeId, 0.0), mask);
        state.frontierUpdated(frontier.add(ScoredNode.of(state.tree().get(nodeId))));
    }

    /**
     * Runs {@code cases} in parallel, as many at a time as the node's reservation covers at the per-case cap
     * (raised from what is left of the budget when it does not), and adds their outcomes to {@code results}; a
     * case this candidate already ran (reached by another path) is taken from the cache and charged nothing.
     *
     * @return false when the budget could not cover the next case
     */
    private boolean run(String nodeId, String source, EvaluationAllowance allowance, List<Case> cases,
                        Map<String, Outcome> results) {
        List<Case> waiting = new ArrayList<>();
        for (Case c : cases) {
            Optional<Outcome> known = cache.get("", source, c.id());
            if (known.isPresent()) {
                results.put(c.id(), known.get());
            } else {
                waiting.add(c);
            }
        }
        while (!waiting.isEmpty()) {
            double spent = charged.getOrDefault(nodeId, 0.0);
            double held = state.ledger().reservedUsd(SearchState.evaluationReservation(nodeId));
            if (allowance.dispatchable(held, spent, 0) < waiting.size()) {
                double raiseTo = Math.min(allowance.wantedUsd(spent, 0, waiting.size()), state.raisableUsd(nodeId));
                if (raiseTo > held) {
                    state.evaluationRaised(nodeId, raiseTo);
                    held = raiseTo;
                }
            }
            int now = Math.min(waiting.size(), allowance.dispatchable(held, spent, 0));
            if (now == 0) {
                return false;
            }
            List<CompletableFuture<Outcome>> running = new ArrayList<>();
            for (Case c : waiting.subList(0, now)) {
                running.add(CaseEvaluation.evaluate(world.runner(), world.judge(), source, c).toCompletableFuture());
            }
            waiting = new ArrayList<>(waiting.subList(now, waiting.size()));
            for (CompletableFuture<Outcome> f : running) {
                Outcome o = f.join();
                results.put(o.caseId(), o);
                cache.put("", source, o);
                charged.merge(nodeId, o.evaluationCostUsd(), Double::sum);
            }
            evaluations += running.size();
        }
        return true;
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

    private static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }
}
