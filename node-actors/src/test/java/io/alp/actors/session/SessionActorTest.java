package io.alp.actors.session;

import io.alp.actors.node.NodeActor;
import io.alp.actors.node.NodeProtocol;
import io.alp.actors.runtime.AlpRuntime;
import io.alp.actors.testkit.TestSystems;
import io.alp.actors.testkit.ToyWorld;
import io.alp.engine.report.SessionSummary;
import io.alp.engine.search.OptimizerConfig;
import io.alp.engine.search.SearchConfig;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionActorTest {

    private ActorTestKit kit;

    @BeforeAll
    void start() {
        kit = TestSystems.clusterKit();
        AlpRuntime runtime = TestSystems.runtime(kit, 2, 4);
        SessionActor.initSharding(kit.system(), runtime);
        NodeActor.initSharding(kit.system(), runtime);
    }

    @AfterAll
    void stop() {
        kit.shutdownTestKit();
    }

    private SessionSummary runToEnd(String id, double budget, SearchConfig search) {
        return runToEnd(id, budget, search, 40);
    }

    private SessionSummary runToEnd(String id, double budget, SearchConfig search, int cases) {
        var probe = kit.<StatusReply<SessionSummary>>createTestProbe();
        var ref = SessionActor.ref(kit.system(), id);
        ref.tell(new SessionActor.Start(new SessionSpec(id, "test", ToyWorld.spec(0), cases, 3,
                new OptimizerConfig(search, budget)),
                probe.getRef()));
        assertTrue(probe.expectMessageClass(StatusReply.class, Duration.ofSeconds(20)).isSuccess());
        return runToEndOf(id);
    }

    private SessionSummary runToEndOf(String id) {
        return TestSystems.untilFinished(kit, id, Duration.ofSeconds(60));
    }

    @Test
    void sessionFindsANodeThatDominatesTheBaselineWithinBudget() {
        // 100 cases, so that what clearly dominates the baseline can be told from noise and pruned
        SessionSummary s = runToEnd("toy-1", 1500, new SearchConfig(3, 2, 4, 40, 3, true), 100);
        assertEquals(SessionSummary.STOPPED, s.status());
        assertTrue(s.spentUsd() <= s.budgetUsd(), "spent " + s.spentUsd());
        assertTrue(s.scored() > 5, "scored " + s.scored());
        var baseline = s.baseline();
        assertTrue(s.frontier().stream().anyMatch(p -> p.passRate() > baseline.passRate()
                && p.costPerCase() < baseline.costPerCase()), s.stopReason() + ", frontier " + s.frontier());
        assertEquals(0, s.pending());
        // the session tells every node its frontier found strictly dominated
        var pruned = s.tree().stream().filter(SessionSummary.NodeRow::pruned).map(SessionSummary.NodeRow::node).toList();
        assertTrue(pruned.contains("n0"), "the baseline is clearly dominated: " + s.tree());
        TestProbe<NodeProtocol.View> view = kit.createTestProbe();
        for (String node : pruned) {
            view.awaitAssert(Duration.ofSeconds(10), () -> {
                NodeActor.ref(kit.system(), "toy-1", node).tell(new NodeProtocol.GetView(view.getRef()));
                assertTrue(view.receiveMessage(Duration.ofSeconds(5)).pruned(), node);
                return null;
            });
        }
    }

    @Test
    void aCandidateReachedByTwoPathsIsScoredOnceAndTheOtherNodeSkippedNamingIt() {
        // compounds carry an edit found on one branch to another: knobs 1 then 2 is knobs 2 then 1
        SessionSummary s = runToEnd("toy-same", 1500, new SearchConfig(3, 2, 4, 40, 3, true), 40);
        assertEquals(SessionSummary.STOPPED, s.status());
        Pattern same = Pattern.compile("the same candidate as (n\\d+), already scored");
        Map<String, String> sameAs = new HashMap<>();
        for (SessionSummary.NodeRow row : s.tree()) {
            Matcher m = same.matcher(row.failure() == null ? "" : row.failure());
            if (m.matches()) {
                assertEquals("skipped", row.status(), row.node());
                sameAs.put(row.node(), m.group(1));
            }
        }
        assertFalse(sameAs.isEmpty(), "no candidate was reached twice in " + s.nodes() + " nodes");
        sameAs.forEach((node, scored) -> {
            NodeProtocol.View skipped = view("toy-same", node);
            NodeProtocol.View first = view("toy-same", scored);
            assertEquals("denied", skipped.phase(), node);
            assertEquals(0, skipped.outcomes(), node + " evaluated nothing");
            assertEquals("scored", first.phase(), scored);
            assertEquals(first.sourceRef(), skipped.sourceRef(), node + " and " + scored);
        });
        List<String> scoredSources = s.tree().stream().filter(r -> r.status().equals("scored"))
                .map(r -> view("toy-same", r.node()).sourceRef()).toList();
        assertEquals(scoredSources.size(), Set.copyOf(scoredSources).size(), "a candidate scored twice");
    }

    private NodeProtocol.View view(String session, String node) {
        TestProbe<NodeProtocol.View> probe = kit.createTestProbe();
        NodeActor.ref(kit.system(), session, node).tell(new NodeProtocol.GetView(probe.getRef()));
        return probe.receiveMessage(Duration.ofSeconds(5));
    }

    @Test
    void sessionStopsOnItsBudgetWithoutOverspending() {
        // The baseline costs about $40 to evaluate on 40 cases; room for only a couple more nodes.
        SessionSummary s = runToEnd("toy-budget", 120, new SearchConfig(3, 2, 50, 200, 3, true));
        assertEquals("budget_exhausted", s.stopReason());
        assertTrue(s.spentUsd() <= 120, "spent " + s.spentUsd());
        assertTrue(s.spentUsd() > 60, "the budget was barely used: " + s.spentUsd());
    }

    @Test
    void childrenAreAdmittedOnMeasuredCostsWhenTheCapIsGenerous() {
        // a case may cost 5x what it does: the baseline is admitted at its cap (about $200 for 40 cases) and costs
        // about $40; at the cap each child would hold $200 or more, so one at most could be evaluated
        var probe = kit.<StatusReply<SessionSummary>>createTestProbe();
        double budget = 260;
        SessionActor.ref(kit.system(), "toy-cap").tell(new SessionActor.Start(new SessionSpec("toy-cap", "cap",
                ToyWorld.spec(0, 5), 40, 3, new OptimizerConfig(new SearchConfig(3, 2, 50, 200, 3, true), budget)),
                probe.getRef()));
        assertTrue(probe.expectMessageClass(StatusReply.class, Duration.ofSeconds(20)).isSuccess());
        SessionSummary s = runToEndOf("toy-cap");
        assertEquals("budget_exhausted", s.stopReason());
        assertTrue(s.spentUsd() <= budget, "spent " + s.spentUsd());
        assertTrue(s.scored() >= 5, s.scored() + " scored, spent " + s.spentUsd());
        assertTrue(s.spentUsd() > 0.7 * budget, "the budget was barely used: " + s.spentUsd());
    }

    @Test
    void severalSessionsRunAtOnceInOneSystem() {
        var probe = kit.<StatusReply<SessionSummary>>createTestProbe();
        SearchConfig search = new SearchConfig(3, 2, 3, 25, 2, true);
        for (int i = 0; i < 3; i++) {
            SessionActor.ref(kit.system(), "many-" + i).tell(new SessionActor.Start(
                    new SessionSpec("many-" + i, "concurrent", ToyWorld.spec(5), 20, i,
                            new OptimizerConfig(search, 300)), probe.getRef()));
        }
        for (int i = 0; i < 3; i++) {
            assertTrue(probe.receiveMessage(Duration.ofSeconds(20)).isSuccess());
        }
        for (int i = 0; i < 3; i++) {
            SessionSummary s = runToEndOf("many-" + i);
            assertEquals(SessionSummary.STOPPED, s.status());
            assertTrue(s.scored() > 3 && s.spentUsd() <= 300, s.scored() + " scored, spent " + s.spentUsd());
        }
    }

    @Test
    void aStoppedSessionFinishesItsInFlightWorkAndStartsNoMore() {
        var probe = kit.<StatusReply<SessionSummary>>createTestProbe();
        var ref = SessionActor.ref(kit.system(), "toy-stop");
        ref.tell(new SessionActor.Start(new SessionSpec("toy-stop", "stop", ToyWorld.spec(20), 20, 2,
                new OptimizerConfig(new SearchConfig(3, 2, 50, 200, 3, true), 1000)), probe.getRef()));
        assertTrue(probe.receiveMessage(Duration.ofSeconds(10)).isSuccess());
        ref.tell(new SessionActor.Stop(probe.getRef()));
        int nodesAtStop = probe.receiveMessage(Duration.ofSeconds(10)).getValue().nodes();
        SessionSummary s = runToEndOf("toy-stop");
        assertEquals("stopped_by_user", s.stopReason());
        assertEquals(nodesAtStop, s.nodes(), "no node may be created after the stop");
        assertEquals(0, s.pending());
    }

    @Test
    void unknownSessionIsReportedAsSuch() {
        TestProbe<StatusReply<SessionSummary>> probe = kit.createTestProbe();
        SessionActor.ref(kit.system(), "nope").tell(new SessionActor.GetSummary(probe.getRef()));
        StatusReply<SessionSummary> reply = probe.receiveMessage(Duration.ofSeconds(10));
        assertFalse(reply.isSuccess());
        assertTrue(reply.getError().getMessage().contains("no session with id 'nope'"));
    }

    @Test
    void startingTheSameSessionTwiceIsRefused() {
        runToEnd("toy-twice", 100, new SearchConfig(2, 1, 2, 10, 1, false));
        TestProbe<StatusReply<SessionSummary>> probe = kit.createTestProbe();
        SessionActor.ref(kit.system(), "toy-twice").tell(new SessionActor.Start(
                new SessionSpec("toy-twice", "again", ToyWorld.spec(0), 10, 1, OptimizerConfig.withBudget(10)),
                probe.getRef()));
        assertTrue(probe.receiveMessage(Duration.ofSeconds(10)).getError().getMessage().contains("already exists"));
    }
}
