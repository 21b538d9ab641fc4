package io.alp.actors.node;

import com.typesafe.config.ConfigFactory;
import io.alp.actors.session.SessionActor;
import io.alp.actors.testkit.Forwarding;
import io.alp.actors.testkit.TestSystems;
import io.alp.actors.testkit.ToyWorld;
import io.alp.engine.model.Case;
import io.alp.engine.search.Racing;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.persistence.testkit.javadsl.SnapshotTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** A node that journaled many events saves snapshots, and a new incarnation recovers to the same state. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeSnapshotTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private ActorTestKit kit;
    private TestProbe<SessionActor.Command> session;

    @BeforeAll
    void start() {
        // one event per answer, so that a node of 40 cases journals more than a snapshot's worth of events
        kit = TestSystems.clusterKit(ConfigFactory.parseString("alp.evaluators.record-batch-window = 0"));
        session = kit.createTestProbe();
        Forwarding.shardInto(kit.system(), SessionActor.TYPE_KEY, session);
    }

    @AfterAll
    void stop() {
        kit.shutdownTestKit();
    }

    @Test
    void aRecoveredNodeStartsFromItsSnapshotWithEveryOutcome() {
        List<Case> cases = IntStream.range(0, 40).mapToObj(i -> new Case("snap" + i, "input", Map.of())).toList();
        var runtime = TestSystems.runtime(kit, 2, 2);
        String id = NodeActor.entityId("s10", "n1");
        var first = kit.spawn(NodeActor.create(id, runtime));
        first.tell(new NodeProtocol.Evaluate("s10", "n1", "n0", "k1", ToyWorld.edit(3), ToyWorld.ref(0),
                ToyWorld.dataset(cases), false, 0, Racing.Context.NONE));
        first.tell(new NodeProtocol.ReservationGranted(
                session.expectMessageClass(SessionActor.ReserveEvaluation.class, WAIT).worstCaseUsd()));
        var scored = session.expectMessageClass(SessionActor.NodeScored.class, WAIT);
        assertEquals(40, scored.score().cases());

        var snapshots = SnapshotTestKit.create(kit.system()).persistedInStorage("Node|" + id);
        assertFalse(snapshots.isEmpty(), "a node with more than " + NodeActor.SNAPSHOT_EVERY + " events saved one");

        kit.stop(first);
        var second = kit.spawn(NodeActor.create(id, runtime));
        // recovered as scored, it reports its score again without evaluating anything
        assertEquals(scored, session.expectMessageClass(SessionActor.NodeScored.class, WAIT));
        TestProbe<NodeProtocol.View> view = kit.createTestProbe();
        second.tell(new NodeProtocol.GetView(view.getRef()));
        NodeProtocol.View v = view.receiveMessage(WAIT);
        assertEquals("scored", v.phase());
        assertEquals(40, v.outcomes());
        cases.forEach(c -> assertEquals(1, ToyWorld.RUNS.get("k1,k3|" + c.id()).get(), c.id()));
    }
}
