package io.alp.actors.node;

import io.alp.actors.node.NodeEvent.CaseRecorded;
import io.alp.actors.node.NodeEvent.Opened;
import io.alp.actors.node.NodeSnapshot.Blank;
import io.alp.actors.node.NodeSnapshot.NodeState;
import io.alp.actors.node.NodeSnapshot.Phase;
import io.alp.engine.model.Score;
import io.alp.engine.node.Evaluating;
import io.alp.engine.node.NodeLifecycle;
import io.alp.engine.node.NodeSpec;
import io.alp.engine.node.RecordedCase;
import org.apache.pekko.persistence.typed.SnapshotAdapter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a node's journal rows map to the engine's {@link NodeLifecycle}: the persisted records keep the shape they
 * were always written in (events, and snapshots as {@link NodeState}), so that old journals and snapshots still
 * load; the lifecycle states are built from them and never journaled themselves.
 */
final class NodeJournal {

    private NodeJournal() {
    }

    static NodeSpec spec(Opened e) {
        return new NodeSpec(e.sessionId(), e.nodeId(), e.parentId(), e.parentSource(), e.edit(), e.world(),
                e.datasetId(), e.staged(), e.raceSeed(), e.race());
    }

    static Opened opened(NodeSpec s) {
        return new Opened(s.sessionId(), s.nodeId(), s.parentId(), s.parentSource(), s.edit(), s.world(),
                s.datasetId(), s.staged(), s.raceSeed(), s.race());
    }

    static List<RecordedCase> recorded(List<CaseRecorded> rows) {
        return rows.stream().map(r -> new RecordedCase(r.outcome(), r.chargedUsd())).toList();
    }

    static CaseRecorded row(RecordedCase r) {
        return new CaseRecorded(r.outcome(), r.chargedUsd());
    }

    /** Saves a node's state as {@link NodeState} and loads it back, from this version's snapshots and older ones. */
    static SnapshotAdapter<NodeLifecycle> snapshots() {
        return new SnapshotAdapter<>() {
            @Override
            public Object toJournal(NodeLifecycle state) {
                return snapshot(state);
            }

            @Override
            public NodeLifecycle fromJournal(Object stored) {
                return lifecycle(stored);
            }
        };
    }

    static NodeSnapshot snapshot(NodeLifecycle state) {
        if (state instanceof NodeLifecycle.Unopened) {
            return new Blank();
        }
        NodeSpec spec = state.spec();
        Opened opened = opened(spec);
        int first = spec.firstStage();
        if (state instanceof NodeLifecycle.Materializing) {
            return new NodeState(opened, Phase.OPENED, null, 0, Map.of(), 0, first, null, null, false, 0);
        }
        if (state instanceof NodeLifecycle.Reserving r) {
            return new NodeState(opened, Phase.MATERIALIZED, r.sourceRef(), r.materializeCostUsd(), Map.of(), 0, first,
                    null, null, false, 0);
        }
        if (state instanceof NodeLifecycle.EditFailed f) {
            return new NodeState(opened, Phase.EDIT_FAILED, null, f.materializeCostUsd(), Map.of(), 0, first, null,
                    f.reason(), false, 0);
        }
        if (state instanceof NodeLifecycle.Denied d) {
            return new NodeState(opened, Phase.DENIED, d.sourceRef(), d.materializeCostUsd(), Map.of(), 0, first, null,
                    d.reason(), false, 0);
        }
        if (state instanceof NodeLifecycle.Scored s) {
            return evaluation(opened, Phase.SCORED, s.evaluation(), s.score(), null, s.pruned());
        }
        if (state instanceof NodeLifecycle.Rejected r) {
            return evaluation(opened, Phase.REJECTED, r.evaluation(), null, r.reason(), false);
        }
        return evaluation(opened, Phase.EVALUATING, (Evaluating) state, null, null, false);
    }

    private static NodeState evaluation(Opened opened, Phase phase, Evaluating e, Score score, String failure,
                                        boolean pruned) {
        return new NodeState(opened, phase, e.sourceRef(), e.materializeCostUsd(), e.outcomes(), e.chargedUsd(),
                e.stage(), score, failure, pruned, e.grantedUsd());
    }

    static NodeLifecycle lifecycle(Object stored) {
        if (stored instanceof Blank) {
            return new NodeLifecycle.Unopened();
        }
        if (!(stored instanceof NodeState n)) {
            throw new IllegalArgumentException("a node snapshot must be a NodeState or a Blank, not "
                    + (stored == null ? "null" : stored.getClass().getName()));
        }
        NodeSpec spec = spec(n.spec());
        Evaluating evaluating = new Evaluating(spec, n.sourceRef(), n.materializeCostUsd(), n.stage(), n.grantedUsd(),
                new LinkedHashMap<>(n.outcomes()), n.evaluationCostUsd());
        return switch (n.phase()) {
            case OPENED -> new NodeLifecycle.Materializing(spec);
            // skipped parts are not kept: a node is snapshotted every 32 events, never at its second (Reserving)
            case MATERIALIZED -> new NodeLifecycle.Reserving(spec, n.sourceRef(), n.materializeCostUsd(), List.of());
            case EVALUATING -> evaluating;
            case SCORED -> new NodeLifecycle.Scored(evaluating, n.score(), n.pruned());
            case REJECTED -> new NodeLifecycle.Rejected(evaluating, n.failure());
            case EDIT_FAILED -> new NodeLifecycle.EditFailed(spec, n.failure(), n.materializeCostUsd());
            case DENIED -> new NodeLifecycle.Denied(spec, n.sourceRef(), n.materializeCostUsd(), n.failure());
        };
    }
}
