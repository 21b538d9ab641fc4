package io.alp.actors.node;

import io.alp.actors.node.NodeSnapshot.NodeState;
import io.alp.actors.node.NodeSnapshot.Phase;
import io.alp.engine.model.Edit;
import io.alp.engine.model.EditClass;
import io.alp.engine.model.Outcome;
import io.alp.engine.model.Score;
import io.alp.engine.model.WorldRef;
import io.alp.engine.node.Evaluating;
import io.alp.engine.node.NodeLifecycle;
import io.alp.engine.node.NodeSpec;
import io.alp.engine.node.RecordedCase;
import io.alp.engine.search.Racing;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A node's snapshots keep the shape they were always saved in, and load into the engine's lifecycle. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeJournalTest {

    private static final NodeSpec SPEC = new NodeSpec("s1", "n2", "n1", "k1", Edit.of(EditClass.PROMPT, "brief",
            Map.of("clause", "brief")), new WorldRef("abc123", "toy", "toy"), "d1", true, 42, Racing.Context.NONE);
    private static final Outcome PASSED = new Outcome("c0", true, "ok", "out", 5, 7, 0.02, 0.001, 1);
    private static final Outcome FAILED = new Outcome("c1", false, "wrong", "out", 5, 7, 0.03, 0.001, 1);

    /**
     * A scored, pruned node's snapshot as this class shape has been saved (Jackson CBOR) since node snapshots began:
     * the node {@link #SPEC} with outcomes c1 then c0.
     */
    private static final String SAVED_SCORED = "v2RzcGVjv2lzZXNzaW9uSWRiczFmbm9kZUlkYm4yaHBhcmVudElkYm4xbHBhcmVudFNvdXJjZWJrMWRlZGl0v2llZGl0Q2xhc3Nm"
            + "UFJPTVBUa2Rlc2NyaXB0aW9uZWJyaWVmZ3BheWxvYWS/ZmNsYXVzZWVicmllZv//ZXdvcmxkv2RoYXNoZmFiYzEyM2RraW5kY3Rv"
            + "eWRuYW1lY3Rvef9pZGF0YXNldElkYmQxZnN0YWdlZPVocmFjZVNlZWQYKmRyYWNlv2hmcm9udGllcoBucGFyZW50RXN0aW1hdGX7"
            + "f/gAAAAAAABocGFyZW50U2T7f/gAAAAAAABqZWRpdFNwcmVhZPt/+AAAAAAAAP//ZXBoYXNlZlNDT1JFRGlzb3VyY2VSZWZlazEs"
            + "azJybWF0ZXJpYWxpemVDb3N0VXNk+z+EeuFHrhR7aG91dGNvbWVzv2JjMb9mY2FzZUlkYmMxZHBhc3P0ZnJlYXNvbmV3cm9uZ2Zv"
            + "dXRwdXRjb3V0a2lucHV0VG9rZW5zBWxvdXRwdXRUb2tlbnMHZ2Nvc3RVc2T7P564UeuFHrhsanVkZ2VDb3N0VXNk+z9QYk3S8an8"
            + "aWFncmVlbWVudPs/8AAAAAAAAGVlcnJvcvZqc3RkZXJyVGFpbPb/YmMwv2ZjYXNlSWRiYzBkcGFzc/VmcmVhc29uYm9rZm91dHB1"
            + "dGNvdXRraW5wdXRUb2tlbnMFbG91dHB1dFRva2VucwdnY29zdFVzZPs/lHrhR64Ue2xqdWRnZUNvc3RVc2T7P1BiTdLxqfxpYWdy"
            + "ZWVtZW50+z/wAAAAAAAAZWVycm9y9mpzdGRlcnJUYWls9v//cWV2YWx1YXRpb25Db3N0VXNk+z+fvnbItDlYZXN0YWdlA2VzY29y"
            + "Zb9lY2FzZXMCZnBhc3NlcwFocGFzc1JhdGX7P+AAAAAAAABncGFzc0xvd/s/uDMydRR41GhwYXNzSGlnaPs/7PmZsV1w5mtjb3N0"
            + "UGVyQ2FzZfs/mZmZmZmZmm5qdWRnZUFncmVlbWVudPs/8AAAAAAAAGZlcnJvcnMAa2NvbW1vbkVycm9y9v9nZmFpbHVyZfZmcHJ1"
            + "bmVk9WpncmFudGVkVXNk+z/gAAAAAAAA/w==";

    private ActorTestKit kit;

    @BeforeAll
    void start() {
        kit = ActorTestKit.create();
    }

    @AfterAll
    void stop() {
        kit.shutdownTestKit();
    }

    private static Evaluating evaluating() {
        return new NodeLifecycle.Unopened().open(SPEC).materialized("k1,k2", 0.01).granted(0.5)
                .recorded(List.of(new RecordedCase(FAILED, 0.031), new RecordedCase(PASSED, 0)))
                .advanced(2);
    }

    @Test
    void everyStateComesBackFromItsSnapshotAsItWas() {
        Evaluating evaluating = evaluating();
        List<NodeLifecycle> states = List.of(new NodeLifecycle.Unopened(),
                new NodeLifecycle.Materializing(SPEC),
                new NodeLifecycle.Materializing(SPEC).materialized("k1,k2", 0.01),
                new NodeLifecycle.Materializing(SPEC).editFailed("conflict", 0.02),
                new NodeLifecycle.Materializing(SPEC).materialized("k1,k2", 0.01).denied("no money"),
                evaluating,
                evaluating.rejected("lost its race"),
                evaluating.scored(evaluating.score()),
                evaluating.scored(evaluating.score()).prune());
        for (NodeLifecycle state : states) {
            Object saved = roundTrip(NodeJournal.snapshot(state));
            assertEquals(state, NodeJournal.lifecycle(saved), state.phase().name());
        }
    }

    @Test
    void aSnapshotSavedByAnEarlierVersionLoadsWithItsOutcomesInOrder() throws Exception {
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        outcomes.put("c1", FAILED);
        outcomes.put("c0", PASSED);
        Score score = Score.of(outcomes.values());
        NodeState old = new NodeState(NodeJournal.opened(SPEC), Phase.SCORED, "k1,k2", 0.01, outcomes, 0.031, 3,
                score, null, true, 0.5);

        Serialization serialization = SerializationExtension.get(kit.system());
        Object saved = serialization.deserialize(Base64.getDecoder().decode(SAVED_SCORED),
                serialization.serializerFor(NodeState.class).identifier(), NodeState.class.getName()).get();
        assertEquals(old, saved);

        var scored = assertInstanceOf(NodeLifecycle.Scored.class, NodeJournal.lifecycle(saved));
        assertEquals(SPEC, scored.spec());
        assertEquals(score, scored.score());
        assertTrue(scored.pruned());
        assertEquals(List.of("c1", "c0"), List.copyOf(scored.outcomes().keySet()));
        assertEquals(0.031, scored.chargedUsd(), 1e-12);
        assertEquals(0.5, scored.evaluation().grantedUsd(), 1e-12);
        assertEquals(old, NodeJournal.snapshot(scored), "saved again in the same shape");
    }

    @Test
    void aSnapshotOfAnotherKindIsRefusedWithWhatItIs() {
        var e = assertThrows(IllegalArgumentException.class, () -> NodeJournal.lifecycle("not a node"));
        assertTrue(e.getMessage().contains("java.lang.String"), e.getMessage());
    }

    /** Through the serializer snapshots are saved with (Jackson CBOR), as the snapshot store does. */
    private Object roundTrip(Object snapshot) {
        Serialization serialization = SerializationExtension.get(kit.system());
        var serializer = serialization.findSerializerFor(snapshot);
        String manifest = Serializers.manifestFor(serializer, snapshot);
        byte[] bytes = serialization.serialize(snapshot).get();
        return serialization.deserialize(bytes, serializer.identifier(), manifest).get();
    }
}
