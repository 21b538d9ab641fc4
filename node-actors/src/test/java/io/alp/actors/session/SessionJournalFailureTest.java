package io.alp.actors.session;

import com.typesafe.config.ConfigFactory;
import io.alp.actors.node.NodeActor;
import io.alp.actors.node.NodeEvent;
import io.alp.actors.runtime.AlpRuntime;
import io.alp.actors.testkit.TestSystems;
import io.alp.actors.testkit.ToyWorld;
import io.alp.engine.report.SessionSummary;
import io.alp.engine.search.OptimizerConfig;
import io.alp.engine.search.SearchConfig;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;

import static io.alp.actors.testkit.TestSystems.writesOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A session whose journal refuses some writes (its own and its nodes') is restarted from the journal each time;
 * what it had asked of its frontier and nodes is asked again, and the session still runs to its end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionJournalFailureTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private ActorTestKit kit;
    private PersistenceTestKit journal;

    @BeforeAll
    void start() {
        kit = TestSystems.clusterKit(ConfigFactory.parseString("""
                alp.session.redrive-after = 2s
                alp.evaluators.redispatch-after = 2s
                """));
        journal = PersistenceTestKit.create(kit.system());
        AlpRuntime runtime = TestSystems.runtime(kit, 2, 4);
        SessionActor.initSharding(kit.system(), runtime);
        NodeActor.initSharding(kit.system(), runtime);
    }

    @AfterAll
    void stop() {
        kit.shutdownTestKit();
    }

    @Test
    void aSessionWhoseWritesAreRefusedNowAndThenStillFinishesWithinBudget() {
        String id = "hiccups";
        journal.failNextNOpsCond(writesOf("Session|" + id, SessionActor.Scored.class), 2);
        journal.failNextNOpsCond(writesOf("Session|" + id, SessionActor.FrontierUpdated.class), 2);
        journal.failNextNOpsCond(writesOf("Node|" + id + "/", NodeEvent.CaseRecorded.class,
                NodeEvent.CasesRecorded.class), 3);

        var probe = kit.<StatusReply<SessionSummary>>createTestProbe();
        var ref = SessionActor.ref(kit.system(), id);
        ref.tell(new SessionActor.Start(new SessionSpec(id, "journal hiccups", ToyWorld.spec(0), 40, 3,
                new OptimizerConfig(new SearchConfig(3, 2, 4, 40, 3, true), 400)), probe.getRef()));
        assertTrue(probe.receiveMessage(WAIT).isSuccess());

        SessionSummary s = TestSystems.untilFinished(kit, id, Duration.ofSeconds(90));

        assertEquals(SessionSummary.STOPPED, s.status(), "still running after 90 s: " + s.pending() + " pending of "
                + s.nodes() + " nodes");
        assertEquals(0, s.pending());
        assertTrue(s.scored() > 5, "scored " + s.scored());
        assertTrue(s.spentUsd() <= s.budgetUsd(), "spent " + s.spentUsd());
    }
}
