package io.alp.actors.session;

import io.alp.actors.node.NodeActor;
import io.alp.actors.node.NodeProtocol;
import io.alp.actors.testkit.Forwarding;
import io.alp.actors.testkit.TestSystems;
import io.alp.actors.testkit.ToyWorld;
import io.alp.engine.model.Score;
import io.alp.engine.port.ProposalBatch;
import io.alp.engine.report.SessionSummary;
import io.alp.engine.search.OptimizerConfig;
import io.alp.engine.search.SearchConfig;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A session whose node actors are played by the test, so that two nodes reaching the same candidate can be made to
 * ask for their evaluations while neither is scored, whatever the timings of real workers would be.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionSameCandidateTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int CASES = 40;

    private ActorTestKit kit;
    private TestProbe<NodeProtocol.Command> nodes;

    @BeforeAll
    void start() {
        kit = TestSystems.clusterKit();
        nodes = kit.createTestProbe();
        Forwarding.shardInto(kit.system(), NodeActor.TYPE_KEY, nodes);
        SessionActor.initSharding(kit.system(), TestSystems.runtime(kit, 2, 4));
    }

    @AfterAll
    void stop() {
        kit.shutdownTestKit();
    }

    @Test
    void aNodeReachingACandidateUnderEvaluationWaitsForItAndIsSkippedNamingIt() {
        String id = "same-in-flight";
        var session = SessionActor.ref(kit.system(), id);
        var started = kit.<StatusReply<SessionSummary>>createTestProbe();
        session.tell(new SessionActor.Start(new SessionSpec(id, "same candidate in flight", ToyWorld.spec(0), CASES,
                3, new OptimizerConfig(new SearchConfig(3, 1, 4, 40, 3, false), 1500)), started.getRef()));
        assertTrue(started.receiveMessage(WAIT).isSuccess());

        next(NodeProtocol.Evaluate.class);
        session.tell(reserve("n0", "base"));
        next(NodeProtocol.ReservationGranted.class);
        session.tell(new SessionActor.NodeScored("n0", Score.of(CASES, 20, 1.0), "base", CASES * 1.0, null));
        NodeProtocol.Expand expand = next(NodeProtocol.Expand.class);
        session.tell(new SessionActor.ProposalsReady(expand.roundId(),
                new ProposalBatch(List.of(ToyWorld.edit(1), ToyWorld.edit(2), ToyWorld.edit(3)), 0.01)));
        assertEquals(Set.of("n1", "n2", "n3"), Set.of(next(NodeProtocol.Evaluate.class).nodeId(),
                next(NodeProtocol.Evaluate.class).nodeId(), next(NodeProtocol.Evaluate.class).nodeId()));

        // n1 and n2 made the same candidate by different edits; n2 asks while n1 is being evaluated
        session.tell(reserve("n1", "same"));
        next(NodeProtocol.ReservationGranted.class);
        session.tell(reserve("n2", "same"));
        nodes.expectNoMessage(Duration.ofMillis(500)); // n2 is not answered while n1 is being evaluated

        session.tell(new SessionActor.NodeScored("n1", Score.of(CASES, 25, 1.0), "same", CASES * 1.0, null));
        assertEquals("the same candidate as n1, already scored", next(NodeProtocol.ReservationDenied.class).reason());
        session.tell(reserve("n3", "other"));
        next(NodeProtocol.ReservationGranted.class);
        SessionSummary s = summary(id);
        SessionSummary.NodeRow n2 = s.tree().stream().filter(r -> r.node().equals("n2")).findFirst().orElseThrow();
        assertEquals("skipped", n2.status());
        assertEquals(0, n2.cases(), "nothing was evaluated for n2");
        assertEquals(CASES * 2.0, s.spentUsd(), 0.1, "n0 and n1 charged; n3 still evaluating, n2 nothing");
    }

    private SessionActor.ReserveEvaluation reserve(String node, String source) {
        return new SessionActor.ReserveEvaluation(node, source, CASES, 1.1, 0.0, List.of());
    }

    /** The next message of {@code type} a node was sent, past the others (expansions, prunes, evaluations). */
    private <T extends NodeProtocol.Command> T next(Class<T> type) {
        var found = nodes.fishForMessage(WAIT, m -> type.isInstance(m)
                ? FishingOutcomes.complete()
                : FishingOutcomes.continueAndIgnore());
        return type.cast(found.get(found.size() - 1));
    }

    private SessionSummary summary(String id) {
        var probe = kit.<StatusReply<SessionSummary>>createTestProbe();
        SessionActor.ref(kit.system(), id).tell(new SessionActor.GetSummary(probe.getRef()));
        return probe.receiveMessage(WAIT).getValue();
    }
}
