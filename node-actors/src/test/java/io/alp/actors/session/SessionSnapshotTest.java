package io.alp.actors.session;

import com.typesafe.config.ConfigFactory;
import io.alp.actors.node.NodeActor;
import io.alp.actors.runtime.AlpRuntime;
import io.alp.actors.session.SessionActor.Active;
import io.alp.actors.session.SessionActor.Empty;
import io.alp.actors.session.SessionActor.Event;
import io.alp.actors.session.SessionActor.State;
import io.alp.actors.testkit.TestSystems;
import io.alp.actors.testkit.ToyWorld;
import io.alp.engine.report.SessionSummary;
import io.alp.engine.search.OptimizerConfig;
import io.alp.engine.search.SearchConfig;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.SnapshotMeta;
import org.apache.pekko.persistence.testkit.WriteEvents;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.apache.pekko.persistence.testkit.javadsl.SnapshotTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A session saves a snapshot every {@code alp.session.snapshot-every} events (20 here); recovering from the last one and the
 * events after it gives the state that replaying every event gives, and the session resumes from there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionSnapshotTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final double BUDGET = 400;
    private static final int SNAPSHOT_EVERY = 20;

    private ActorTestKit kit;
    private AlpRuntime runtime;
    private PersistenceTestKit journal;
    private SnapshotTestKit snapshots;
    private List<Event> finished;

    @BeforeAll
    void start() {
        kit = TestSystems.clusterKit(ConfigFactory.parseString(SessionActor.SNAPSHOT_EVERY + " = " + SNAPSHOT_EVERY));
        runtime = TestSystems.runtime(kit, 2, 4);
        SessionActor.initSharding(kit.system(), runtime);
        NodeActor.initSharding(kit.system(), runtime);
        journal = PersistenceTestKit.create(kit.system());
        snapshots = SnapshotTestKit.create(kit.system());
        finished = runToEnd("snap-1");
    }

    @AfterAll
    void stop() {
        kit.shutdownTestKit();
    }

    /** A whole session, long enough for snapshots; returns its events. */
    private List<Event> runToEnd(String id) {
        var probe = kit.<StatusReply<SessionSummary>>createTestProbe();
        SessionActor.ref(kit.system(), id).tell(new SessionActor.Start(new SessionSpec(id, "test", ToyWorld.spec(0),
                40, 3, new OptimizerConfig(new SearchConfig(3, 2, 4, 40, 3, true), BUDGET)), probe.getRef()));
        assertTrue(probe.expectMessageClass(StatusReply.class, WAIT).isSuccess());
        assertEquals(SessionSummary.STOPPED, TestSystems.untilFinished(kit, id, Duration.ofSeconds(60)).status());
        return events(id);
    }

    private List<Event> events(String id) {
        return journal.persistedInStorage(persistenceId(id)).stream().map(Event.class::cast).toList();
    }

    private static String persistenceId(String id) {
        return SessionActor.TYPE_KEY.name() + "|" + id;
    }

    private static State replay(List<Event> events) {
        State state = new Empty();
        for (Event e : events) {
            state = SessionActor.apply(state, e);
        }
        return state;
    }

    private SessionSummary summaryOf(String id) {
        var probe = kit.<StatusReply<SessionSummary>>createTestProbe();
        SessionActor.ref(kit.system(), id).tell(new SessionActor.GetSummary(probe.getRef()));
        return probe.receiveMessage(WAIT).getValue();
    }

    @Test
    void aSessionSavesWhatItsEventsUpToTheSnapshotGiveAndRecoversToWhatAllItsEventsGive() {
        assertTrue(finished.size() > SNAPSHOT_EVERY, finished.size() + " events");
        var saved = snapshots.persistedInStorage(persistenceId("snap-1"));
        assertFalse(saved.isEmpty(), "a session of " + finished.size() + " events saved a snapshot");
        Pair<SnapshotMeta, Object> last = saved.get(saved.size() - 1);
        int seq = (int) last.first().sequenceNr();
        assertEquals(0, seq % SNAPSHOT_EVERY, "saved at " + seq);
        // saved through the serializer, as the snapshot store saves it
        assertEquals(SessionSnapshot.of(replay(finished.subList(0, seq))), last.second());

        // a new incarnation, which reads the snapshot and the events after it
        var probe = kit.<StatusReply<SessionSummary>>createTestProbe();
        var again = kit.spawn(SessionActor.create("snap-1", runtime, null));
        again.tell(new SessionActor.GetSummary(probe.getRef()));
        assertEquals(((Active) replay(finished)).summary(), probe.receiveMessage(WAIT).getValue());
        kit.stop(again);
    }

    @Test
    void aSessionRestartedAfterASnapshotResumesFromItAndEndsAsItsEventsSay() {
        String id = "restarted";
        // one write well after the second snapshot is refused: the session restarts from its snapshot and journal
        AtomicInteger writes = new AtomicInteger();
        journal.failNextNOpsCond((pid, op) -> pid.equals(persistenceId(id)) && op instanceof WriteEvents
                && writes.incrementAndGet() == 2 * SNAPSHOT_EVERY + SNAPSHOT_EVERY / 2, 1);
        List<Event> events = LoggingTestKit.info("session " + id + " recovered with")
                .expect(kit.system(), () -> runToEnd(id));
        assertEquals(2 * SNAPSHOT_EVERY + SNAPSHOT_EVERY / 2, writes.get(), "the refused write came");
        assertTrue(snapshots.persistedInStorage(persistenceId(id)).size() >= 2);

        // what the session ended with, having resumed from its snapshot, is what its events say
        assertEquals(((Active) replay(events)).summary(), summaryOf(id));
        assertTrue(summaryOf(id).spentUsd() <= BUDGET);
    }

    @Test
    void aSnapshotOfAnUnknownVersionIsRefusedByName() {
        SessionSnapshot current = SessionSnapshot.of(replay(finished));
        SessionSnapshot later = new SessionSnapshot(SessionSnapshot.VERSION + 1, current.started(), current.search());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SessionSnapshot.adapter().fromJournal(later));
        assertTrue(e.getMessage().contains("version " + (SessionSnapshot.VERSION + 1)), e.getMessage());
        assertEquals(current, SessionSnapshot.of(SessionSnapshot.adapter().fromJournal(current)));
    }
}
