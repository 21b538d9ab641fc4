package io.alp.actors.node;

import io.alp.actors.session.SessionActor;
import io.alp.actors.testkit.Forwarding;
import io.alp.actors.testkit.TestSystems;
import io.alp.actors.testkit.ToyWorld;
import io.alp.engine.model.Case;
import io.alp.engine.search.Racing;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.alp.actors.testkit.TestSystems.writesOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node whose journal refuses its writes for a while (as H2 does while a row stays locked) is restarted from its
 * journal. The cases it had sent out are asked again, not waited for: their answers went with the failed
 * incarnation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeJournalFailureTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private ActorTestKit kit;
    private PersistenceTestKit journal;
    private TestProbe<SessionActor.Command> session;

    @BeforeAll
    void start() {
        kit = TestSystems.clusterKit();
        journal = PersistenceTestKit.create(kit.system());
        session = kit.createTestProbe();
        Forwarding.shardInto(kit.system(), SessionActor.TYPE_KEY, session);
        NodeActor.initSharding(kit.system(), TestSystems.runtime(kit, 2, 2));
    }

    @AfterAll
    void stop() {
        kit.shutdownTestKit();
    }

    @Test
    void aNodeWhoseCaseRecordsAreRefusedSeveralTimesStillScoresEveryCaseOnce() {
        List<Case> cases = IntStream.range(0, 12).mapToObj(i -> new Case("j" + i, "input", Map.of())).toList();
        var node = NodeActor.ref(kit.system(), "s7", "n7");
        node.tell(new NodeProtocol.Evaluate("s7", "n7", "n1", "k1", ToyWorld.edit(3), ToyWorld.ref(0),
                ToyWorld.dataset(cases), false, 0, Racing.Context.NONE));
        var reserve = session.expectMessageClass(SessionActor.ReserveEvaluation.class, WAIT);
        journal.failNextNOpsCond(writesOf("Node|s7/n7", NodeEvent.CaseRecorded.class,
                NodeEvent.CasesRecorded.class), 4);
        node.tell(new NodeProtocol.ReservationGranted(reserve.worstCaseUsd()));

        var scored = session.expectMessageClass(SessionActor.NodeScored.class, WAIT);
        assertEquals(12, scored.score().cases());
        // a case whose record was refused is answered again from the evaluation cache, and charged what was spent on
        // it once: neither twice nor not at all
        double perCase = ToyWorld.costPerCase("k1,k3") + 0.001;
        assertEquals(12 * perCase, scored.evaluationCostUsd(), 1e-9,
                "every case charged once: " + scored.evaluationCostUsd() + " for 12 cases at " + perCase);
    }

    @Test
    void answersThatComeInTogetherAreJournaledAsOneRowAndEachCaseOnce() {
        List<Case> cases = IntStream.range(0, 40).mapToObj(i -> new Case("b" + i, "input", Map.of())).toList();
        var node = NodeActor.ref(kit.system(), "s8", "n8");
        node.tell(new NodeProtocol.Evaluate("s8", "n8", "n1", "k1", ToyWorld.edit(3), ToyWorld.ref(0),
                ToyWorld.dataset(cases), false, 0, Racing.Context.NONE));
        var reserve = session.expectMessageClass(SessionActor.ReserveEvaluation.class, WAIT);
        node.tell(new NodeProtocol.ReservationGranted(reserve.worstCaseUsd()));
        var scored = session.expectMessageClass(SessionActor.NodeScored.class, WAIT);
        assertEquals(40, scored.score().cases());

        List<NodeEvent> events = journal.persistedInStorage(NodeActor.TYPE_KEY.name() + "|"
                + NodeActor.entityId("s8", "n8")).stream().map(NodeEvent.class::cast).toList();
        List<String> recorded = NodeEvent.recordedCases(events).stream().map(r -> r.outcome().caseId()).toList();
        assertEquals(40, recorded.size(), "every case recorded");
        assertEquals(40, new java.util.HashSet<>(recorded).size(), "each case once");
        long rows = events.stream().filter(e -> e instanceof NodeEvent.CaseRecorded
                || e instanceof NodeEvent.CasesRecorded).count();
        assertTrue(rows < 40, "answers arriving together share rows: " + rows + " rows for 40 cases");
    }
}
