package io.alp.engine.report;

import io.alp.engine.budget.SpendKind;
import io.alp.engine.model.Edit;
import io.alp.engine.model.Score;
import io.alp.engine.search.SearchState;
import io.alp.engine.search.StopReason;
import io.alp.engine.tree.SearchTree;
import io.alp.engine.tree.TreeNode;

import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Everything a user reads about one session, derived from its {@link SearchState}; the CLI prints it as a table
 * or JSON and the report draws it. Pass-rates are fractions 0..1; costs are dollars per case.
 */
public record SessionSummary(String id, String name, String world, boolean simulated, String status,
                             String stopReason, String stopDetail, double budgetUsd, double spentUsd, double reservedUsd,
                             double orchestratorUsd, double evaluationUsd, String datasetId, int cases,
                             int nodes, int scored, int pending, int rounds, double hypervolume,
                             NodePoint baseline, List<NodePoint> frontier, List<NodeRow> tree) {

    public static final String RUNNING = "running";
    public static final String STOPPED = "stopped";
    public static final String FAILED = "failed";

    /**
     * A node as a point: measured pass-rate with its 95% interval, the pass-rate estimated from the whole tree (for
     * frontier nodes; null otherwise), dollars per case, and its edits from the root.
     */
    public record NodePoint(String node, double passRate, double passLow, double passHigh,
                            Double estimatedPassRate, double costPerCase, int errors, List<String> edits) {
    }

    /**
     * One row of the tree: where the node hangs, its edit, and what became of it; {@code errors} counts its cases
     * that could not be evaluated, {@code commonError} is the commonest of their errors, {@code leftOut} describes
     * the parts of its combined edit that could not be applied (it was evaluated without them).
     */
    public record NodeRow(String node, String parent, String origin, String status, String editClass, String edit,
                          Double passRate, Double passLow, Double passHigh, Double estimatedPassRate,
                          Double costPerCase, int cases, int errors, String commonError, Double judgeAgreement,
                          boolean onFrontier, boolean pruned, String failure, List<String> leftOut) {
    }

    public static SessionSummary of(String id, String name, String world, boolean simulated, String datasetId,
                                    int cases, SearchState s) {
        SearchTree tree = s.tree();
        Set<String> onFrontier = Set.copyOf(s.frontier());
        String status = !s.finished() ? RUNNING
                : s.stopReason().filter(r -> r == StopReason.FAILED).isPresent() ? FAILED : STOPPED;
        List<NodePoint> frontier = s.frontier().stream()
                .map(tree::get)
                .sorted(Comparator.comparingDouble(n -> n.score().costPerCase()))
                .map(n -> point(s, n))
                .toList();
        TreeNode root = tree.get(SearchTree.ROOT);
        List<NodeRow> rows = tree.nodes().stream().map(n -> row(s, n, onFrontier.contains(n.id()))).toList();
        return new SessionSummary(id, name, world, simulated, status,
                s.stopReason().map(StopReason::code).orElse(null),
                s.stopReason().map(r -> detail(r, root)).orElse(null),
                s.ledger().budgetUsd(), s.ledger().spentUsd(), s.ledger().reservedUsd(),
                s.ledger().spentUsd(SpendKind.ORCHESTRATOR), s.ledger().spentUsd(SpendKind.EVALUATION),
                datasetId, cases, tree.size(),
                (int) tree.nodes().stream().filter(n -> n.score() != null).count(),
                s.pendingNodes().size(), s.rounds().size(), s.hypervolume(),
                root.score() == null ? null : point(s, root), frontier, rows);
    }

    /** Why the session stopped, in a sentence that names what a user needs to act on. */
    private static String detail(StopReason reason, TreeNode root) {
        if (reason == StopReason.BASELINE_ERRORS && root.score() != null) {
            Score sc = root.score();
            return reason.description() + " (" + sc.errors() + " of " + sc.cases() + " cases); the commonest: "
                    + sc.commonError();
        }
        return reason.description();
    }

    private static NodePoint point(SearchState s, TreeNode n) {
        Score sc = n.score();
        return new NodePoint(n.id(), sc.passRate(), sc.passLow(), sc.passHigh(),
                s.estimatedPassRate(n.id()).orElse(null), sc.costPerCase(), sc.errors(),
                s.tree().branchEdits(n.id()).stream().map(Edit::description).toList());
    }

    private static NodeRow row(SearchState s, TreeNode n, boolean onFrontier) {
        Score sc = n.score();
        return new NodeRow(n.id(), n.parentId(), n.origin().name().toLowerCase(), n.status().name().toLowerCase(),
                n.edit() == null ? null : n.edit().editClass().name().toLowerCase(),
                n.edit() == null ? "baseline" : n.edit().description(),
                sc == null ? null : sc.passRate(), sc == null ? null : sc.passLow(),
                sc == null ? null : sc.passHigh(), sc == null ? null : s.estimatedPassRate(n.id()).orElse(null),
                sc == null ? null : sc.costPerCase(), sc == null ? 0 : sc.cases(), sc == null ? 0 : sc.errors(),
                sc == null ? null : sc.commonError(), sc == null ? null : sc.judgeAgreement(), onFrontier,
                n.pruned(), n.failure(), n.leftOut().stream().map(Edit::description).toList());
    }
}
