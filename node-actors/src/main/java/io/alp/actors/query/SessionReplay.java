package io.alp.actors.query;

import io.alp.actors.node.NodeEvent;
import io.alp.actors.session.SessionActor;
import io.alp.engine.frontier.FrontierTracker;
import io.alp.engine.frontier.ScoredNode;
import io.alp.engine.model.Outcome;
import io.alp.engine.model.Score;
import io.alp.engine.report.SessionSummary;
import io.alp.engine.tree.NodeStatus;
import io.alp.engine.tree.TreeNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Rebuilds a session from the journal alone, at any point in its history: the tree and ledger from the session's
 * events, and every node's score and the frontier recomputed from the per-case outcomes in the nodes' journals.
 * Whatever the recomputation disagrees with is listed, so a replay both shows and checks a session.
 */
public final class SessionReplay {

    /**
     * @param frontierChecked whether the recorded frontier was checked against the recomputed one (only once nothing
     *                        is pending, under the frontier rules it was recorded under); when not, the frontier
     *                        shown is the recorded one
     */
    public record Result(SessionSummary summary, long events, long totalEvents, int outcomesRecorded,
                         List<String> discrepancies, boolean frontierChecked) {
    }

    private SessionReplay() {
    }

    public static CompletionStage<Optional<Result>> replay(JournalReader reader, String sessionId, long upToEvent) {
        return reader.sessionEvents(sessionId, Long.MAX_VALUE).thenCompose(all -> {
            long n = Math.min(upToEvent, all.size());
            return reader.session(sessionId, n).thenCompose(active -> active.isEmpty()
                    ? CompletableFuture.completedFuture(Optional.<Result>empty())
                    : verify(reader, active.get(), n, all.size()).thenApply(Optional::of));
        });
    }

    private static CompletionStage<Result> verify(JournalReader reader, SessionActor.Active active, long events,
                                                  long total) {
        String sessionId = active.started().spec().id();
        List<TreeNode> scored = active.search().tree().nodes().stream()
                .filter(t -> t.score() != null || t.status() == NodeStatus.REJECTED).toList();
        List<CompletableFuture<List<NodeEvent>>> journals = scored.stream()
                .map(t -> reader.nodeEvents(sessionId, t.id()).toCompletableFuture())
                .toList();
        return CompletableFuture.allOf(journals.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<String> problems = new ArrayList<>();
            List<ScoredNode> recomputed = new ArrayList<>();
            int recorded = 0;
            for (int i = 0; i < scored.size(); i++) {
                TreeNode node = scored.get(i);
                List<Outcome> outcomes = NodeEvent.recordedCases(journals.get(i).join()).stream()
                        .map(NodeEvent.CaseRecorded::outcome)
                        .toList();
                recorded += outcomes.size();
                Set<String> cases = new HashSet<>();
                outcomes.forEach(o -> {
                    if (!cases.add(o.caseId())) {
                        problems.add("node " + node.id() + " recorded case " + o.caseId() + " more than once");
                    }
                });
                if (node.score() == null) {
                    continue; // rejected by racing: its outcomes are checked for duplicates only
                }
                Score score = Score.of(outcomes);
                if (score.cases() != node.score().cases() || score.passes() != node.score().passes()
                        || Math.abs(score.costPerCase() - node.score().costPerCase()) > 1e-9) {
                    problems.add("node " + node.id() + ": journal outcomes give " + score + " but the session recorded "
                            + node.score());
                }
                recomputed.add(ScoredNode.of(node, score));
            }
            boolean frontierChecked = frontierCheckable(active);
            if (frontierChecked) {
                Set<String> frontier = new TreeSet<>(recomputedFrontier(active, recomputed));
                if (!frontier.equals(new TreeSet<>(active.search().frontier()))) {
                    problems.add("recomputed frontier " + frontier + " differs from the recorded "
                            + new TreeSet<>(active.search().frontier()));
                }
            }
            var ledger = active.search().ledger();
            if (Math.abs(ledger.spentUsd() - ledger.sumOfChargesUsd()) > 1e-9) {
                problems.add("ledger spent $" + ledger.spentUsd() + " but its charges sum to $"
                        + ledger.sumOfChargesUsd());
            }
            if (ledger.spentUsd() > ledger.budgetUsd()) {
                problems.add("spent $" + ledger.spentUsd() + " exceeds the budget $" + ledger.budgetUsd());
            }
            return new Result(active.summary(), events, total, recorded, problems, frontierChecked);
        });
    }

    /**
     * Whether the recorded frontier can be checked against one recomputed today: once no node is pending, and only
     * for a session recorded under today's {@linkplain FrontierTracker#RULES frontier rules} (under other rules, or
     * before sessions recorded them, the same scores may rightly give another frontier).
     */
    private static boolean frontierCheckable(SessionActor.Active active) {
        return active.search().pendingNodes().isEmpty()
                && Objects.equals(active.started().frontierRules(), FrontierTracker.RULES);
    }

    /** The frontier the recomputed scores give, chosen as the session chose it. */
    private static List<String> recomputedFrontier(SessionActor.Active active, List<ScoredNode> recomputed) {
        // pruning depends on the order nodes come in: the order the session's frontier took them in
        Map<String, ScoredNode> byId = new HashMap<>();
        recomputed.forEach(n -> byId.put(n.nodeId(), n));
        FrontierTracker tracker = FrontierTracker.anchoredOnFirst();
        tracker.restore(active.search().tree().settledOrder().stream().map(byId::get).filter(Objects::nonNull)
                .toList());
        return tracker.frontier().stream().map(ScoredNode::nodeId).toList();
    }
}
