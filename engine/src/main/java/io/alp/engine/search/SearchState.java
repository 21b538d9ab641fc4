package io.alp.engine.search;

import io.alp.engine.budget.BudgetLedger;
import io.alp.engine.budget.SpendKind;
import io.alp.engine.evaluation.EvaluationAllowance;
import io.alp.engine.frontier.FrontierTracker;
import io.alp.engine.frontier.FrontierUpdate;
import io.alp.engine.frontier.Pareto;
import io.alp.engine.frontier.PassMask;
import io.alp.engine.frontier.Point;
import io.alp.engine.frontier.ScoredNode;
import io.alp.engine.frontier.SharedChangeEstimates;
import io.alp.engine.frontier.TreeEstimates;
import io.alp.engine.model.Edit;
import io.alp.engine.model.Score;
import io.alp.engine.port.ReflectionGoal;
import io.alp.engine.tree.NodeStatus;
import io.alp.engine.tree.Origin;
import io.alp.engine.tree.SearchTree;
import io.alp.engine.tree.TreeNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * The whole search state of one session, in plain Java. Mutators correspond one to one to persisted events
 * (so replaying the events rebuilds this state exactly); {@link #plan()} is the pure decision of what to start
 * next. The session actor persists each decision and each result as an event, then applies it here.
 */
public final class SearchState {

    private final SearchConfig config;
    private final long seed;
    private final double roundReserveUsd;
    private final double compoundReserveUsd;
    private final SearchTree tree;
    private final BudgetLedger ledger;
    private final Map<String, Round> rounds = new LinkedHashMap<>();
    private final Set<String> triedPairs = new HashSet<>();
    private final Map<String, Double> materializeCosts = new HashMap<>();
    /** Scored nodes' evaluation cost per case (agent and judge), which their children are admitted on. */
    private final Map<String, Double> evaluationCostPerCase = new HashMap<>();
    private List<String> frontier = List.of();
    private Map<String, Double> estimates = Map.of();
    private double hypervolume;
    private int completedRounds;
    private int stalledRounds;
    private int expansionRounds;
    private int compoundRounds;
    private final List<Boolean> roundMoves = new ArrayList<>();
    private final Set<String> exhausted = new HashSet<>();
    private double baselineCostUsd;
    private double minEvaluationReserveUsd = Double.NaN;
    private StopReason stopReason;
    /**
     * The posteriors of the scored nodes (the tree model's, and the frontier's pooled one), kept until the next node
     * is scored (only scores change them); derived.
     */
    private transient TreeEstimates.Fit treeFitted;
    private transient SharedChangeEstimates.Fit sharedFitted;
    private transient TreeEstimates.Fit fitted;
    /** What each edit did where it was made, on the pooled posterior: racing priors; derived like {@link #fitted}. */
    private transient Map<String, Compounder.Effect> fittedEffects;

    /**
     * @param roundReserveUsd    upper bound of one expansion's orchestrator spend (proposer + applying its edits)
     * @param compoundReserveUsd upper bound of applying one compound edit
     */
    public SearchState(OptimizerConfig optimizer, long seed, double roundReserveUsd, double compoundReserveUsd) {
        this(optimizer, seed, roundReserveUsd, compoundReserveUsd, new SearchTree(),
                new BudgetLedger(optimizer.budgetUsd()));
        tree.addRoot();
    }

    private SearchState(OptimizerConfig optimizer, long seed, double roundReserveUsd, double compoundReserveUsd,
                        SearchTree tree, BudgetLedger ledger) {
        this.config = optimizer.search();
        this.seed = seed;
        this.roundReserveUsd = roundReserveUsd;
        this.compoundReserveUsd = compoundReserveUsd;
        this.tree = tree;
        this.ledger = ledger;
    }

    /**
     * The state a {@link #snapshot()} was taken of, given what it was created with: it holds the same facts and
     * decides alike from there on.
     */
    public static SearchState restore(OptimizerConfig optimizer, long seed, double roundReserveUsd,
                                      double compoundReserveUsd, SearchSnapshot saved) {
        SearchState s = new SearchState(optimizer, seed, roundReserveUsd, compoundReserveUsd,
                SearchTree.restore(saved.nodes(), saved.settledOrder()), BudgetLedger.restore(saved.ledger()));
        saved.rounds().forEach(r -> s.rounds.put(r.id(), Round.restore(r)));
        s.triedPairs.addAll(saved.triedPairs());
        s.materializeCosts.putAll(saved.materializeCosts());
        s.evaluationCostPerCase.putAll(saved.evaluationCostPerCase());
        s.frontier = saved.frontier();
        s.estimates = Map.copyOf(saved.estimates());
        s.hypervolume = saved.hypervolume();
        s.completedRounds = saved.completedRounds();
        s.stalledRounds = saved.stalledRounds();
        s.expansionRounds = saved.expansionRounds();
        s.compoundRounds = saved.compoundRounds();
        s.roundMoves.addAll(saved.roundMoves());
        s.exhausted.addAll(saved.exhausted());
        s.baselineCostUsd = saved.baselineCostUsd();
        s.minEvaluationReserveUsd = saved.minEvaluationReserveUsd();
        s.stopReason = saved.stopReason();
        return s;
    }

    /** Everything this state holds beyond how it was created, as immutable data ({@link #restore}). */
    public SearchSnapshot snapshot() {
        return new SearchSnapshot(tree.facts(), ledger.facts(), rounds.values().stream().map(Round::facts).toList(),
                List.copyOf(triedPairs), materializeCosts, evaluationCostPerCase, frontier, estimates, hypervolume,
                completedRounds, stalledRounds, expansionRounds, compoundRounds, roundMoves, List.copyOf(exhausted),
                baselineCostUsd, minEvaluationReserveUsd, stopReason, tree.settledOrder());
    }

    // ---- decisions ------------------------------------------------------------------------------------------

    /** What to start next, if anything; call again after applying it. */
    public Optional<Decision> plan() {
        TreeNode root = tree.get(SearchTree.ROOT);
        if (stopReason != null || !root.settled()) {
            return Optional.empty();
        }
        if (root.status() != NodeStatus.SCORED) {
            return Optional.of(new Decision.Stop(
                    root.status() == NodeStatus.SKIPPED ? StopReason.BUDGET_EXHAUSTED : StopReason.FAILED));
        }
        if (root.score().mostlyErrors()) {
            // nothing measured: a search from here would only spend the budget on the same errors
            return Optional.of(new Decision.Stop(StopReason.BASELINE_ERRORS));
        }
        int open = openRounds();
        if (StallRule.stop(roundMoves, stalledRounds, config.stallRounds(), ledger.spentUsd() - baselineCostUsd,
                ledger.availableUsd())) {
            return Optional.of(new Decision.Stop(StopReason.FRONTIER_STALLED));
        }
        if (tree.size() >= config.maxNodes()) {
            return Optional.of(new Decision.Stop(StopReason.MAX_NODES));
        }
        double minEval = leastAdmissionUsd(root.score().cases());
        if (open >= config.parallelRounds()) {
            return Optional.empty();
        }
        String roundId = "r" + (rounds.size() + 1);
        if (config.compounding() && compoundRounds * SearchConfig.EXPANSIONS_PER_COMPOUND < expansionRounds
                && ledger.availableUsd() >= compoundReserveUsd + minEval) {
            Compounder.Goal goal = compoundRounds % 2 == 0 ? Compounder.Goal.HYPERVOLUME : Compounder.Goal.TOP;
            Map<String, TreeEstimates.Estimate> posterior = treeFit().estimates();
            Set<String> bases = affordableFrontier();
            Optional<Compounder.Pair> pair = goal == Compounder.Goal.TOP
                    ? Compounder.stack(tree, triedPairs, posterior, frontier, bases, sharedFit().effects())
                    : Optional.empty();
            if (pair.isEmpty()) {
                pair = Compounder.next(tree, triedPairs, posterior, frontier, bases, 2 * root.score().costPerCase(),
                        goal);
            }
            double reserve = pair.map(p -> p.edit().parts().size() * compoundReserveUsd).orElse(0.0);
            if (pair.isPresent() && ledger.availableUsd() >= reserve + minEval) {
                Compounder.Pair p = pair.get();
                return Optional.of(new Decision.Compound(roundId, p.baseId(), p.editFrom(), p.edit(),
                        tree.nextId(), reserve));
            }
        }
        if (ledger.availableUsd() < roundReserveUsd + minEval) {
            return open == 0 ? Optional.of(new Decision.Stop(StopReason.BUDGET_EXHAUSTED)) : Optional.empty();
        }
        Random rng = new Random(Seeds.of(seed, rounds.size()));
        int cap = config.maxExpansionsPerNode();
        Optional<ParentSelector.Draw> parent = ParentSelector.select(affordable(parentCandidates()), cap,
                expansionRounds, rng);
        if (parent.isEmpty()) {
            // the frontier is spent: grow from the scored nodes just behind it, likeliest best first
            parent = ParentSelector.select(affordable(fallbackCandidates()), cap, expansionRounds, rng);
        }
        if (parent.isEmpty()) {
            if (open > 0) {
                return Optional.empty();
            }
            // nothing left to expand at all, or nothing whose children could still be evaluated
            boolean unaffordable = ParentSelector.select(parentCandidates(), cap, expansionRounds, rng)
                    .or(() -> ParentSelector.select(fallbackCandidates(), cap, expansionRounds, rng)).isPresent();
            return Optional.of(new Decision.Stop(unaffordable ? StopReason.BUDGET_EXHAUSTED
                    : StopReason.NO_CANDIDATES));
        }
        return Optional.of(new Decision.Expand(roundId, parent.get().node().id(),
                config.editsAsked(parent.get().goal()), roundReserveUsd, parent.get().goal()));
    }

    /**
     * The least a child could be admitted on now: the smallest reservation made so far, or a whole evaluation at the
     * cheapest scored node's cost per case ({@link #admissionUsd} near the end of the budget) if that is less.
     */
    private double leastAdmissionUsd(int cases) {
        double least = Double.isNaN(minEvaluationReserveUsd) ? 0 : minEvaluationReserveUsd;
        for (double perCase : evaluationCostPerCase.values()) {
            least = Math.min(least, cases * perCase);
        }
        return least;
    }

    /**
     * Whether a node's evaluation reservation must wait for an earlier child of its round that is still being
     * materialized or waits itself: reservations are granted in the order the round proposed its children, so that
     * the budget decides alike however the workers' timings fall (a re-run of a session meets the same decisions).
     */
    public boolean reservationWaits(String nodeId) {
        TreeNode node = tree.get(nodeId);
        Round round = node.roundId() == null ? null : rounds.get(node.roundId());
        if (round == null) {
            return false;
        }
        for (String sibling : round.children()) {
            if (sibling.equals(nodeId)) {
                return false;
            }
            TreeNode earlier = tree.get(sibling);
            // a sibling's reservation question is settled once it was reserved, denied, or its edit failed
            if (earlier.status() == NodeStatus.PENDING && !materializeCosts.containsKey(sibling)) {
                return true;
            }
        }
        return false;
    }

    /**
     * What a node's evaluation is admitted on: its cases at its parent's measured cost per case with a margin
     * ({@link EvaluationAllowance}), or at the cap for the baseline. Near the end of the budget, when that does not
     * fit, on the parent's measured cost alone if that fits and holds at least one case at the cap
     * ({@link EvaluationAllowance#leanAdmissionUsd}): most children are decided on their minibatches, and a session
     * that stops while a whole evaluation at its parent's cost still fits would leave that money unspent.
     */
    public double admissionUsd(String nodeId, EvaluationAllowance allowance, int cases) {
        String parentId = tree.get(nodeId).parentId();
        double measured = parentId == null ? Double.NaN : evaluationCostPerCase.getOrDefault(parentId, Double.NaN);
        double admission = allowance.admissionUsd(cases, measured);
        if (admission <= ledger.availableUsd() || Double.isNaN(measured)) {
            return admission;
        }
        double lean = allowance.leanAdmissionUsd(cases, measured);
        // a reservation below the per-case cap could not send out a single case
        return lean <= ledger.availableUsd() && lean >= allowance.capPerCaseUsd() ? lean : admission;
    }

    /** The most a node's open evaluation reservation could be raised to now (0 when it is not open). */
    public double raisableUsd(String nodeId) {
        return ledger.raisableUsd(evaluationReservation(nodeId));
    }

    /** The nodes whose evaluation holds a reservation now. */
    public List<String> evaluating() {
        String prefix = evaluationReservation("");
        return ledger.openIds().stream().filter(id -> id.startsWith(prefix))
                .map(id -> id.substring(prefix.length())).toList();
    }

    /** The first scored node whose candidate is {@code sourceRef}, if any. */
    public Optional<String> scoredSameCandidate(String sourceRef) {
        return tree.nodes().stream().filter(n -> n.score() != null && sourceRef.equals(n.sourceRef()))
                .map(TreeNode::id).findFirst();
    }

    /**
     * Another node whose evaluation of candidate {@code sourceRef} holds a reservation now, if any: a node reaching
     * that candidate waits for it to settle, then is skipped naming it ({@link #scoredSameCandidate}) or, if it was
     * not scored, evaluated itself.
     */
    public Optional<String> evaluatingSameCandidate(String nodeId, String sourceRef) {
        return evaluating().stream().filter(id -> !id.equals(nodeId) && sourceRef.equals(tree.get(id).sourceRef()))
                .findFirst();
    }

    /** Whether a node's evaluation reservation fits in what is left of the budget. */
    public boolean canReserve(double amountUsd) {
        return amountUsd <= ledger.availableUsd();
    }

    // ---- event appliers ---------------------------------------------------------------------------------------

    public void expansionOpened(Decision.Expand d) {
        Round round = new Round(d.roundId(), RoundKind.EXPANSION, d.parentId(), d.goal());
        rounds.put(round.id(), round);
        reserve(round.reservationId(), SpendKind.ORCHESTRATOR, d.reserveUsd());
        tree.markExpanded(d.parentId());
        expansionRounds++;
    }

    public void compoundOpened(Decision.Compound d) {
        Round round = new Round(d.roundId(), RoundKind.COMPOUND, d.baseId(), ReflectionGoal.FRONTIER);
        rounds.put(round.id(), round);
        reserve(round.reservationId(), SpendKind.ORCHESTRATOR, d.reserveUsd());
        triedPairs.add(new Compounder.Pair(d.baseId(), d.editFrom(), d.edit()).key());
        tree.addChild(d.childId(), d.baseId(), d.edit(), Origin.COMPOUND, d.roundId());
        round.proposed(0, List.of(d.childId()));
        compoundRounds++;
    }

    public void proposalsReceived(String roundId, double proposerCostUsd, List<ChildSpec> children) {
        Round round = round(roundId);
        for (ChildSpec c : children) {
            tree.addChild(c.nodeId(), round.parentId(), c.edit(), c.origin(), roundId);
        }
        round.proposed(proposerCostUsd, children.stream().map(ChildSpec::nodeId).toList());
        if (children.isEmpty() && round.goal() == ReflectionGoal.FRONTIER) {
            // the proposer has no edit left for it that was not tried: expanding it again would buy nothing (an
            // expansion for the top or the cheap end that gets none only ends its draws for that: spentForGoal)
            exhausted.add(round.parentId());
        }
        maybeCloseRound(round);
    }

    public void evaluationReserved(String nodeId, double amountUsd, double materializeCostUsd) {
        evaluationReserved(nodeId, amountUsd, materializeCostUsd, List.of(), null);
    }

    /**
     * As {@link #evaluationReserved(String, double, double)}, for a node whose combined edit was applied without
     * the parts at {@code skippedParts}: from now on the tree holds the edit it was made with, so that what its
     * evaluation shows is credited to the parts it has, and the others may be proposed on its parent again. Its
     * candidate, {@code sourceRef} (null if unknown), is recorded now, so that a node reaching the same candidate by
     * another path while this one is evaluated can tell ({@link #evaluatingSameCandidate}).
     */
    public void evaluationReserved(String nodeId, double amountUsd, double materializeCostUsd,
                                   List<Integer> skippedParts, String sourceRef) {
        tree.narrowEdit(nodeId, skippedParts);
        if (sourceRef != null) {
            tree.markCandidate(nodeId, sourceRef);
        }
        materializeCosts.put(nodeId, materializeCostUsd);
        reserve(evaluationReservation(nodeId), SpendKind.EVALUATION, amountUsd);
        minEvaluationReserveUsd = Double.isNaN(minEvaluationReserveUsd) ? amountUsd
                : Math.min(minEvaluationReserveUsd, amountUsd);
    }

    /** A running evaluation's reservation raised to {@code totalUsd}, decided with {@link #raisableUsd}. */
    public void evaluationRaised(String nodeId, double totalUsd) {
        if (!ledger.raiseTo(evaluationReservation(nodeId), totalUsd)) {
            throw new IllegalStateException("the evaluation of " + nodeId + " cannot be raised to $" + totalUsd
                    + "; decide with raisableUsd() before persisting");
        }
    }

    public void evaluationDenied(String nodeId, double materializeCostUsd) {
        materializeCosts.put(nodeId, materializeCostUsd);
        tree.markSkipped(nodeId, "its evaluation did not fit in the remaining budget");
        closeRoundOf(nodeId);
    }

    /**
     * The node's candidate is one already scored ({@link #scoredSameCandidate}): it is not evaluated again, and
     * its node is skipped naming that one. Reached by another path (A+B and B+A, an edit that undoes its parent's,
     * an edit that changes nothing), the same candidate would only repeat the same cases' outcomes, and counting them
     * twice would make the estimates surer of that candidate than its one evaluation allows. As with
     * {@link #evaluationReserved(String, double, double, List, String)}, the tree keeps the edit without the parts at
     * {@code skippedParts}.
     */
    public void sameCandidateFound(String nodeId, String scoredId, double materializeCostUsd,
                                   List<Integer> skippedParts) {
        tree.narrowEdit(nodeId, skippedParts);
        materializeCosts.put(nodeId, materializeCostUsd);
        tree.markSkipped(nodeId, sameCandidateReason(scoredId));
        closeRoundOf(nodeId);
    }

    /** Why a node made the same candidate as {@code scoredId} was skipped. */
    private static String sameCandidateReason(String scoredId) {
        return "the same candidate as " + scoredId + ", already scored";
    }

    public void editFailed(String nodeId, String reason, double materializeCostUsd) {
        materializeCosts.put(nodeId, materializeCostUsd);
        tree.markFailed(nodeId, reason);
        closeRoundOf(nodeId);
    }

    public void nodeScored(String nodeId, Score score, String sourceRef, double evaluationCostUsd, String passMask) {
        ledger.charge(evaluationReservation(nodeId), evaluationCostUsd);
        if (nodeId.equals(SearchTree.ROOT)) {
            baselineCostUsd = evaluationCostUsd;
        }
        tree.markScored(nodeId, score, sourceRef, passMask);
        treeFitted = null;
        sharedFitted = null;
        fitted = null;
        fittedEffects = null;
        if (score.cases() > 0) {
            evaluationCostPerCase.put(nodeId, evaluationCostUsd / score.cases());
        }
    }

    /** Staged evaluation stopped the node after a minibatch: its evaluation is charged, and it is not scored. */
    public void nodeRejected(String nodeId, String reason, double evaluationCostUsd) {
        ledger.charge(evaluationReservation(nodeId), evaluationCostUsd);
        tree.markRejected(nodeId, reason);
        closeRoundOf(nodeId);
    }

    public void frontierUpdated(FrontierUpdate update) {
        tree.markFrontier(update.nodeId(), update.moved());
        for (String id : update.pruned()) {
            tree.markPruned(id);
        }
        frontier = update.frontier();
        estimates = update.estimates();
        hypervolume = update.hypervolume();
        closeRoundOf(update.nodeId());
    }

    public void stopRequested(StopReason reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
    }

    // ---- queries ------------------------------------------------------------------------------------------------

    /** A stop was decided and everything in flight has settled. */
    public boolean finished() {
        return stopReason != null && openRounds() == 0 && tree.get(SearchTree.ROOT).settled();
    }

    public Optional<StopReason> stopReason() {
        return Optional.ofNullable(stopReason);
    }

    public SearchTree tree() {
        return tree;
    }

    public BudgetLedger ledger() {
        return ledger;
    }

    public SearchConfig config() {
        return config;
    }

    public List<String> frontier() {
        return frontier;
    }

    public double hypervolume() {
        return hypervolume;
    }

    /**
     * What a node's staged evaluation races against, as things stand now: the frontier, and the tree's estimate of
     * its parent with the spread of edit effects of its class ({@link TreeEstimates}).
     */
    public Racing.Context raceContext(String nodeId) {
        TreeNode node = tree.get(nodeId);
        if (node.parentId() == null || node.edit() == null) {
            return Racing.Context.NONE;
        }
        TreeEstimates.Fit fit = fit();
        String editClass = node.edit().editClass().name();
        TreeEstimates.Estimate parent = fit.estimates().get(node.parentId());
        if (parent == null) {
            return new Racing.Context(frontierPoints(), Double.NaN, Double.NaN, Double.NaN);
        }
        TreeEstimates.Spreads spreads = fit.spreads();
        String costlier = TreeEstimates.costKey(editClass, true);
        String cheaper = TreeEstimates.costKey(editClass, false);
        if (fittedEffects == null) {
            fittedEffects = Compounder.effects(tree, fit.estimates());
        }
        Compounder.Effect same = fittedEffects.get(node.edit().key());
        if (same != null) {
            // the same edit was measured elsewhere in the tree: what it did there is the better guess
            double expected = parent.mean() + same.passGain();
            return new Racing.Context(frontierPoints(), expected, parent.sd(), spreads.get(editClass),
                    new Racing.Prior(expected, spreads.get(costlier)),
                    new Racing.Prior(expected, spreads.get(cheaper)));
        }
        return new Racing.Context(frontierPoints(), parent.mean() + spreads.mean(editClass), parent.sd(),
                spreads.get(editClass),
                new Racing.Prior(parent.mean() + spreads.mean(costlier), spreads.get(costlier)),
                new Racing.Prior(parent.mean() + spreads.mean(cheaper), spreads.get(cheaper)));
    }

    /** Every scored node's posterior pass-rate given the whole tree, as the frontier estimates it. */
    private TreeEstimates.Fit fit() {
        if (fitted == null) {
            fitted = FrontierTracker.combine(treeFit(), sharedFit());
        }
        return fitted;
    }

    /**
     * The children a round's proposals make on {@code parentId} ({@link Reflections#children}); for the top, the
     * changes the shared-change model finds helpful (a positive effect) are not undone.
     */
    public List<ChildSpec> children(String parentId, List<Edit> proposed, ReflectionGoal goal) {
        Set<String> helpful = new HashSet<>();
        if (goal == ReflectionGoal.TOP) {
            sharedFit().effects().forEach((change, effect) -> {
                if (effect > 0) {
                    helpful.add(change);
                }
            });
        }
        return Reflections.children(tree, parentId, proposed, config.editsApplied(goal), goal, helpful);
    }

    /** The shared-change model of the scored nodes: the frontier's means, and each change's effect for stacks. */
    private SharedChangeEstimates.Fit sharedFit() {
        if (sharedFitted == null) {
            sharedFitted = FrontierTracker.shared(scoredNodes(), treeFit());
        }
        return sharedFitted;
    }

    /**
     * The tree model's posterior alone, which compounds are chosen on: there each parent-child pair keeps its own
     * measured effect, where the shared-change model has already pooled and shrunk it; on the bench, compounds
     * chosen this way reach a better best at small budgets (docs/search.md).
     */
    private TreeEstimates.Fit treeFit() {
        if (treeFitted == null) {
            treeFitted = TreeEstimates.fit(scoredNodes().stream().map(ScoredNode::measured).toList());
        }
        return treeFitted;
    }

    private List<ScoredNode> scoredNodes() {
        return tree.nodes().stream().filter(n -> n.score() != null).map(ScoredNode::of).toList();
    }

    /**
     * The frontier, cheapest first, as points at estimated pass-rates (measured ones for sessions recorded before
     * estimates).
     */
    private List<Point.Simple> frontierPoints() {
        return frontier.stream().map(tree::get)
                .map(n -> new Point.Simple(estimatedPassRate(n.id()).orElse(n.score().passRate()),
                        n.score().costPerCase()))
                .toList();
    }

    /**
     * A frontier node's pass-rate as estimated from the whole tree ({@link io.alp.engine.frontier.TreeEstimates});
     * empty for other nodes and for sessions recorded before estimates existed.
     */
    public Optional<Double> estimatedPassRate(String nodeId) {
        return Optional.ofNullable(estimates.get(nodeId));
    }

    public Collection<Round> rounds() {
        return rounds.values();
    }

    public int completedRounds() {
        return completedRounds;
    }

    public int stalledRounds() {
        return stalledRounds;
    }

    public long seed() {
        return seed;
    }

    /** Nodes whose score is in but whose evaluation reservation is still open, or that await their evaluation. */
    public List<TreeNode> pendingNodes() {
        return tree.nodes().stream().filter(n -> !n.settled()).toList();
    }

    /**
     * Who may be expanded: the frontier, each node with the share of the hypervolume only it covers (at estimated
     * pass-rates), plus every scored node that passes some case no frontier node passes (a per-case winner, with
     * no share), so that specialists survive even when their average is dominated.
     */
    public List<ParentSelector.Candidate> parentCandidates() {
        Set<String> spentForTop = spentForGoal(ReflectionGoal.TOP);
        Set<String> spentForCheap = spentForGoal(ReflectionGoal.CHEAP);
        List<TreeNode> onFrontier = frontier.stream().map(tree::get).toList();
        double refCost = 2 * tree.get(SearchTree.ROOT).score().costPerCase();
        double[] exclusive = Pareto.exclusiveContributions(frontierPoints(), 0, refCost);
        double total = Arrays.stream(exclusive).sum();
        Map<String, TreeEstimates.Estimate> posterior = fit().estimates();
        List<ParentSelector.Candidate> candidates = new ArrayList<>();
        BitSet solved = new BitSet();
        for (int i = 0; i < onFrontier.size(); i++) {
            TreeNode n = onFrontier.get(i);
            if (n.passMask() != null) {
                solved.or(PassMask.decode(n.passMask()));
            }
            if (exhausted.contains(n.id())) {
                continue;
            }
            double share = total > 0 ? exclusive[i] / total : 0;
            candidates.add(uncapped(n, share, spentForTop.contains(n.id()) ? null : posterior.get(n.id()),
                    !spentForCheap.contains(n.id())));
        }
        for (TreeNode n : tree.nodes()) {
            if (n.score() != null && n.settled() && !frontier.contains(n.id()) && n.passMask() != null
                    && !exhausted.contains(n.id())) {
                BitSet unique = PassMask.decode(n.passMask());
                unique.andNot(solved);
                if (!unique.isEmpty()) {
                    candidates.add(new ParentSelector.Candidate(n, 0));
                }
            }
        }
        return candidates;
    }

    /**
     * The candidates whose children could still be admitted to an evaluation with what is not spent once a round's
     * reservation is taken: those whose children fit with {@link EvaluationAllowance#MARGIN}, or when none does,
     * those whose children fit on their parent's measured cost alone ({@link #admissionUsd}; the per-case cap may
     * make either less). Late in a session the dear nodes' children no longer fit, and a round opened on them would
     * pay the proposer (and, for a real agent, a worker call per edit) for children that are never evaluated; and a
     * child admitted on its parent's cost alone may run out of budget half-way, so those come last.
     */
    List<ParentSelector.Candidate> affordable(List<ParentSelector.Candidate> candidates) {
        return whoseChildFits(candidates, c -> c.node().id(), roundReserveUsd);
    }

    /**
     * The frontier nodes a compound may be applied to, chosen as {@link #affordable} chooses parents: a compound on a
     * node whose child could not be evaluated would pay for applying its edit (for a real agent, a worker call per
     * part) and end unscored.
     */
    private Set<String> affordableFrontier() {
        return Set.copyOf(whoseChildFits(frontier, id -> id, compoundReserveUsd));
    }

    /**
     * The items whose node's child fits with {@link EvaluationAllowance#MARGIN} once {@code reserveUsd} is taken, or
     * when none does, those whose node's child fits on the node's measured cost alone.
     */
    private <T> List<T> whoseChildFits(List<T> items, Function<T, String> nodeId, double reserveUsd) {
        List<T> withMargin = items.stream()
                .filter(i -> childFits(nodeId.apply(i), EvaluationAllowance.MARGIN, reserveUsd)).toList();
        return withMargin.isEmpty()
                ? items.stream().filter(i -> childFits(nodeId.apply(i), 1, reserveUsd)).toList() : withMargin;
    }

    /**
     * Whether a child of the node could be evaluated on every case at {@code margin} times the node's measured cost
     * per case with what is not spent once {@code reserveUsd} is taken (true when its cost is not known).
     */
    private boolean childFits(String nodeId, double margin, double reserveUsd) {
        int cases = tree.get(SearchTree.ROOT).score().cases();
        // what is not spent: budget held by evaluations in flight comes back as they finish
        double left = ledger.budgetUsd() - ledger.spentUsd() - reserveUsd;
        double perCase = evaluationCostPerCase.getOrDefault(nodeId, Double.NaN);
        return Double.isNaN(perCase) || cases * margin * perCase <= left;
    }

    /**
     * Who may be expanded once no frontier node or specialist can be: every scored node that was not exhausted, with
     * its posterior pass-rate and no cap, so that the budget still buys expansions of the nodes closest to the top.
     */
    List<ParentSelector.Candidate> fallbackCandidates() {
        Map<String, TreeEstimates.Estimate> posterior = fit().estimates();
        Set<String> spentForTop = spentForGoal(ReflectionGoal.TOP);
        List<ParentSelector.Candidate> candidates = new ArrayList<>();
        for (TreeNode n : tree.nodes()) {
            TreeEstimates.Estimate e = posterior.get(n.id());
            if (n.score() != null && n.settled() && !exhausted.contains(n.id()) && e != null) {
                candidates.add(uncapped(n, 0, spentForTop.contains(n.id()) ? null : e, false));
            }
        }
        return candidates;
    }

    /**
     * A candidate that may be expanded past the cap; without a posterior ({@code forTop} null) never for the top,
     * and for the cheap end only if {@code forCheap}.
     */
    private static ParentSelector.Candidate uncapped(TreeNode n, double share, TreeEstimates.Estimate forTop,
                                                     boolean forCheap) {
        return forTop == null ? new ParentSelector.Candidate(n, share, Double.NaN, Double.NaN, true, forCheap)
                : new ParentSelector.Candidate(n, share, forTop.mean(), forTop.sd(), true, forCheap);
    }

    /**
     * The nodes for which the proposer had no edit left for {@code goal} (the top, or the cheap end): they are not
     * drawn for it again, while edits for the frontier as a whole may still be left for them.
     */
    private Set<String> spentForGoal(ReflectionGoal goal) {
        Set<String> spent = new HashSet<>();
        for (Round r : rounds.values()) {
            if (r.goal() == goal && r.kind() == RoundKind.EXPANSION && r.proposed()
                    && r.children().isEmpty()) {
                spent.add(r.parentId());
            }
        }
        return spent;
    }

    public static String evaluationReservation(String nodeId) {
        return "eval/" + nodeId;
    }

    /** A seed for one reflection, stable across retries. */
    public long reflectionSeed(String roundId) {
        return Seeds.of(seed, "reflection/" + roundId);
    }

    private int openRounds() {
        return (int) rounds.values().stream().filter(r -> !r.closed()).count();
    }

    private Round round(String roundId) {
        Round r = rounds.get(roundId);
        if (r == null) {
            throw new IllegalArgumentException("no round " + roundId);
        }
        return r;
    }

    private void reserve(String id, SpendKind kind, double amountUsd) {
        if (ledger.tryReserve(id, kind, amountUsd).isEmpty()) {
            throw new IllegalStateException("reservation " + id + " of $" + amountUsd + " does not fit in $"
                    + ledger.availableUsd() + " left; decide with canReserve() before persisting");
        }
    }

    private void closeRoundOf(String nodeId) {
        String roundId = tree.get(nodeId).roundId();
        if (roundId != null) {
            maybeCloseRound(round(roundId));
        }
    }

    private void maybeCloseRound(Round round) {
        if (round.closed() || !round.proposed()) {
            return;
        }
        List<TreeNode> children = new ArrayList<>();
        for (String id : round.children()) {
            TreeNode child = tree.get(id);
            if (!child.settled()) {
                return;
            }
            children.add(child);
        }
        double orchestrator = round.proposerCostUsd()
                + children.stream().mapToDouble(c -> materializeCosts.getOrDefault(c.id(), 0.0)).sum();
        ledger.charge(round.reservationId(), orchestrator);
        round.close();
        completedRounds++;
        boolean moved = children.stream().anyMatch(TreeNode::movedFrontier);
        stalledRounds = moved ? 0 : stalledRounds + 1;
        roundMoves.add(moved);
    }
}
