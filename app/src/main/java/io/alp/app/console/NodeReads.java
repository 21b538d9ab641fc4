package io.alp.app.console;

import io.alp.actors.query.JournalReader;
import io.alp.actors.session.SessionActor;
import io.alp.agentworld.AgentWorlds;
import io.alp.app.session.Candidates;
import io.alp.engine.model.Edit;
import io.alp.engine.model.Outcome;
import io.alp.engine.report.SessionSummary;
import io.alp.engine.tree.TreeNode;
import io.alp.evaluator.source.SourceStore;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Builds a node's page ({@link NodeDetail}) from the session state and the node's and its parent's journals. */
public final class NodeReads {

    private NodeReads() {
    }

    /** What is taken from the session state under its lock; the journals and git are read after. */
    private record Snapshot(SessionSummary.NodeRow row, String parentId, List<String> branchEdits, Edit edit,
                            String datasetId, boolean simulated, Path store, String from, String to) {
    }

    static Optional<NodeDetail> detail(LiveSession live, JournalReader reader, String session, String nodeId) {
        Optional<Snapshot> found = live.read(active -> snapshot(active, live.summary(), nodeId));
        return read(found, reader, session);
    }

    /** A node's page read from a session loaded once (what {@code alp show ID NODE} prints). */
    public static Optional<NodeDetail> detail(SessionActor.Active active, JournalReader reader, String nodeId) {
        return read(snapshot(active, active.summary(), nodeId), reader, active.started().spec().id());
    }

    private static Optional<Snapshot> snapshot(SessionActor.Active active, SessionSummary summary, String nodeId) {
        var tree = active.search().tree();
        if (!tree.contains(nodeId)) {
            return Optional.empty();
        }
        TreeNode n = tree.get(nodeId);
        SessionSummary.NodeRow row = summary.tree().stream().filter(r -> r.node().equals(nodeId)).findFirst()
                .orElseThrow();
        Path store = null;
        String from = null;
        if (AgentWorlds.isAgent(active.started().spec().world()) && n.sourceRef() != null) {
            Candidates c = Candidates.of(active);
            store = c.store();
            from = n.parentId() == null ? c.baseline() : tree.get(n.parentId()).sourceRef();
        }
        return Optional.of(new Snapshot(row, n.parentId(),
                tree.branchEdits(nodeId).stream().map(Edit::description).toList(), n.edit(),
                active.started().dataset().id(), active.started().simulated(), store, from, n.sourceRef()));
    }

    private static Optional<NodeDetail> read(Optional<Snapshot> found, JournalReader reader, String session) {
        String nodeId = found.map(f -> f.row().node()).orElse(null);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Snapshot s = found.get();
        var mine = CaseOutcomes.recorded(reader, session, nodeId);
        var parent = CaseOutcomes.recorded(reader, session, s.parentId());
        Map<String, Outcome> outcomes = mine.join();
        List<CaseRow> rows = CaseOutcomes.rows(reader.dataset(s.datasetId()).cases(), outcomes, parent.join(), s.parentId() != null);
        return Optional.of(new NodeDetail(session, s.simulated(), s.row(), s.branchEdits(),
                s.edit() == null ? Map.of() : s.edit().payload(), CaseOutcomes.count(rows), rows, diff(s)));
    }

    private static NodeDetail.Diff diff(Snapshot s) {
        if (s.parentId() == null && s.store() == null) {
            return new NodeDetail.Diff("none", "the baseline: the agent as deployed, with no parent");
        }
        if (s.store() != null) {
            if (s.from() == null || s.from().equals(s.to())) {
                return new NodeDetail.Diff("source", "");
            }
            try (SourceStore store = SourceStore.open(s.store())) {
                return new NodeDetail.Diff("source", store.unifiedDiff(s.from(), s.to()));
            } catch (RuntimeException e) {
                return new NodeDetail.Diff("source", "the source diff cannot be read from " + s.store() + ": "
                        + e.getMessage());
            }
        }
        Edit e = s.edit();
        String knobs = e.payload().entrySet().stream().map(k -> "  " + k.getKey() + " = " + k.getValue())
                .collect(Collectors.joining("\n"));
        return new NodeDetail.Diff("config", e.editClass().name().toLowerCase() + ": " + e.description()
                + (knobs.isEmpty() ? "" : "\n" + knobs));
    }
}
