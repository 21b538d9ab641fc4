package io.alp.cluster;

import io.alp.actors.node.NodeEvent;
import io.alp.actors.query.JournalReader;
import io.alp.actors.query.SessionReplay;
import io.alp.actors.session.SessionActor;
import io.alp.actors.session.SessionSpec;
import io.alp.actors.testkit.ToyWorld;
import io.alp.engine.report.SessionSummary;
import io.alp.engine.search.OptimizerConfig;
import io.alp.engine.search.SearchConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A session interrupted mid-run by its ActorSystem going away, then resumed by a second ActorSystem on the same
 * H2 file: it finishes, nothing is recorded or charged twice, and the budget holds.
 */
class SessionRecoveryTest {

    private static final double BUDGET = 600;

    @TempDir
    Path data;

    @Test
    void anInterruptedSessionResumesOnASecondSystemWithNothingCountedTwice() throws Exception {
        NodeSettings settings = NodeSettings.embedded(data);
        String id = "recovery";
        SessionSpec spec = new SessionSpec(id, "recovery test", ToyWorld.spec(40), 30, 5,
                new OptimizerConfig(new SearchConfig(3, 2, 6, 30, 3, true), BUDGET));

        try (AlpNode first = AlpNode.start("alp", settings, List.of(new ToyWorld()))) {
            var ref = SessionActor.ref(first.system(), id);
            ref.<SessionSummary>askWithStatus(r -> new SessionActor.Start(spec, r), AlpNode.askTimeout()).toCompletableFuture().get();
            SessionSummary midway = waitFor(ref, s -> s.scored() >= 4);
            assertEquals(SessionSummary.RUNNING, midway.status(), "the run must be interrupted while running");
        } // the first system goes away with evaluations in flight

        SessionSummary done;
        try (AlpNode second = AlpNode.start("alp", settings, List.of(new ToyWorld()))) {
            var ref = SessionActor.ref(second.system(), id);
            ref.askWithStatus(SessionActor.Resume::new, AlpNode.askTimeout()).toCompletableFuture().get();
            done = waitFor(ref, s -> !SessionSummary.RUNNING.equals(s.status()));
        }
        assertEquals(SessionSummary.STOPPED, done.status());
        assertTrue(done.spentUsd() <= BUDGET, "spent " + done.spentUsd());

        try (JournalAccess access = JournalAccess.open(settings)) {
            JournalReader reader = access.reader();
            var replay = SessionReplay.replay(reader, id, Long.MAX_VALUE).toCompletableFuture().get().orElseThrow();
            assertEquals(List.of(), replay.discrepancies());
            assertTrue(replay.frontierChecked(), "a session records the frontier rules it ran under");
            assertEquals(done, replay.summary(), "replay from the journal agrees with the live session");

            var events = reader.sessionEvents(id, Long.MAX_VALUE).toCompletableFuture().get();
            assertUnique(events.stream().filter(SessionActor.Scored.class::isInstance)
                    .map(e -> ((SessionActor.Scored) e).nodeId()).toList(), "session scores");
            assertUnique(events.stream().filter(SessionActor.EvaluationReserved.class::isInstance)
                    .map(e -> ((SessionActor.EvaluationReserved) e).nodeId()).toList(), "evaluation reservations");
            int recorded = 0;
            int recordedByRejected = 0;
            for (var row : done.tree()) {
                var nodeEvents = reader.nodeEvents(id, row.node()).toCompletableFuture().get();
                List<String> cases = NodeEvent.recordedCases(nodeEvents).stream()
                        .map(c -> c.outcome().caseId()).toList();
                assertUnique(cases, "cases of " + row.node());
                recorded += row.passRate() == null ? 0 : cases.size();
                recordedByRejected += "rejected".equals(row.status()) ? cases.size() : 0;
            }
            // the replay counts the outcomes of scored nodes, and (since it also checks them for duplicates) may
            // count those of nodes that staged evaluation rejected after a minibatch
            int replayed = replay.outcomesRecorded();
            assertTrue(replayed == recorded || replayed == recorded + recordedByRejected, "the replay counted "
                    + replayed + " outcomes; scored nodes recorded " + recorded + ", rejected ones "
                    + recordedByRejected);
            assertTrue(recorded >= 30 * done.scored());
        }
    }

    private static void assertUnique(List<String> ids, String what) {
        Set<String> seen = new HashSet<>();
        ids.forEach(i -> assertTrue(seen.add(i), what + ": " + i + " appears twice"));
    }

    private static SessionSummary waitFor(
            org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef<SessionActor.Command> ref,
            Predicate<SessionSummary> condition) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (true) {
            SessionSummary s = ref.askWithStatus(SessionActor.GetSummary::new, AlpNode.askTimeout())
                    .toCompletableFuture().get();
            if (condition.test(s) || System.currentTimeMillis() > deadline) {
                return s;
            }
            Thread.sleep(50);
        }
    }
}
