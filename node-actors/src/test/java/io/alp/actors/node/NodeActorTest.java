package io.alp.actors.node;

import io.alp.actors.session.SessionActor;
import io.alp.actors.testkit.Forwarding;
import io.alp.actors.testkit.TestSystems;
import io.alp.actors.testkit.ToyWorld;
import io.alp.engine.model.Case;
import io.alp.engine.model.Edit;
import io.alp.engine.model.WorldRef;
import io.alp.engine.port.ReflectionGoal;
import io.alp.engine.search.Racing;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeActorTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final WorldRef WORLD = ToyWorld.ref(0);

    private ActorTestKit kit;
    private TestProbe<SessionActor.Command> session;

    @BeforeAll
    void start() {
        kit = TestSystems.clusterKit();
        session = kit.createTestProbe();
        Forwarding.shardInto(kit.system(), SessionActor.TYPE_KEY, session);
        NodeActor.initSharding(kit.system(), TestSystems.runtime(kit, 2, 2));
    }

    @AfterAll
    void stop() {
        kit.shutdownTestKit();
    }

    private static List<Case> cases(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> new Case(prefix + i, "input " + i, Map.of())).toList();
    }

    @Test
    void evaluatesEachCaseOnceAfterItsReservationAndReportsTheScore() {
        List<Case> cases = cases("a", 12);
        var node = NodeActor.ref(kit.system(), "s1", "n3");
        node.tell(new NodeProtocol.Evaluate("s1", "n3", "n1", "k1", ToyWorld.edit(2), WORLD,
                ToyWorld.dataset(cases), false, 0, Racing.Context.NONE));

        var reserve = session.expectMessageClass(SessionActor.ReserveEvaluation.class, WAIT);
        assertEquals("k1,k2", reserve.sourceRef());
        assertEquals(12 * (ToyWorld.costPerCase("k1,k2") + 0.001), reserve.worstCaseUsd(), 1e-9);
        assertEquals(0, ToyWorld.RUNS.getOrDefault("k1,k2|a0", new java.util.concurrent.atomic.AtomicInteger()).get(),
                "nothing may run before the reservation is granted");

        node.tell(new NodeProtocol.ReservationGranted(reserve.worstCaseUsd()));
        var scored = session.expectMessageClass(SessionActor.NodeScored.class, WAIT);
        assertEquals(12, scored.score().cases());
        assertEquals(12 * (ToyWorld.costPerCase("k1,k2") + 0.001), scored.evaluationCostUsd(), 1e-9);
        cases.forEach(c -> assertEquals(1, ToyWorld.RUNS.get("k1,k2|" + c.id()).get(), c.id()));

        // asked again (as a recovered session would), the node re-reports without running anything again
        node.tell(new NodeProtocol.Evaluate("s1", "n3", "n1", "k1", ToyWorld.edit(2), WORLD,
                ToyWorld.dataset(cases), false, 0, Racing.Context.NONE));
        assertEquals(scored, session.expectMessageClass(SessionActor.NodeScored.class, WAIT));
        cases.forEach(c -> assertEquals(1, ToyWorld.RUNS.get("k1,k2|" + c.id()).get(), c.id()));
    }

    @Test
    void aCombinedEditIsEvaluatedWithThePartsThatCouldBeAppliedAndNamesTheOthersToItsSession() {
        List<Case> cases = cases("p", 6);
        var node = NodeActor.ref(kit.system(), "s10", "n4");
        var combined = Edit.combined(List.of(ToyWorld.edit(2), ToyWorld.edit(9), ToyWorld.edit(3)));
        node.tell(new NodeProtocol.Evaluate("s10", "n4", "n1", "k1", combined, WORLD, ToyWorld.dataset(cases), false,
                0, Racing.Context.NONE));

        var reserve = session.expectMessageClass(SessionActor.ReserveEvaluation.class, WAIT);
        assertEquals("k1,k2,k3", reserve.sourceRef());
        assertEquals(List.of(1), reserve.skippedParts());
        assertEquals(0.03, reserve.materializeCostUsd(), 1e-9, "the part that failed is paid for too");

        // asked again before its reservation (as a recovered session would), it names the same parts
        node.tell(new NodeProtocol.Evaluate("s10", "n4", "n1", "k1", combined, WORLD, ToyWorld.dataset(cases), false,
                0, Racing.Context.NONE));
        assertEquals(reserve, session.expectMessageClass(SessionActor.ReserveEvaluation.class, WAIT));
        node.tell(new NodeProtocol.ReservationGranted(reserve.worstCaseUsd()));
        assertEquals(6, session.expectMessageClass(SessionActor.NodeScored.class, WAIT).score().cases());
    }

    @Test
    void aNodeHoldingLessThanItsCasesAtTheCapSendsOutOnlyWhatItCoversAndAsksForMore() {
        List<Case> cases = cases("w", 10);
        var node = NodeActor.ref(kit.system(), "s8", "n2");
        // each case may cost 4x what it does
        node.tell(new NodeProtocol.Evaluate("s8", "n2", "n1", "k1", ToyWorld.edit(3), ToyWorld.ref(0, 4),
                ToyWorld.dataset(cases), false, 0, Racing.Context.NONE));
        var reserve = session.expectMessageClass(SessionActor.ReserveEvaluation.class, WAIT);
        double cap = reserve.capPerCaseUsd();
        node.tell(new NodeProtocol.ReservationGranted(3.5 * cap));

        var raise = session.expectMessageClass(SessionActor.RaiseEvaluation.class, WAIT);
        assertEquals(10 * cap, raise.wantedUsd(), 1e-9, "enough for every case at the cap");
        assertEquals(3, raise.inFlight(), "3 cases out on 3.5 caps");

        // no raise comes: the node goes on with what its answers free, and never holds more than it was granted
        var scored = session.fishForMessage(WAIT, m -> m instanceof SessionActor.NodeScored
                ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
        var score = (SessionActor.NodeScored) scored.get(scored.size() - 1);
        assertEquals(10, score.score().cases());
        assertTrue(score.evaluationCostUsd() <= 3.5 * cap, "charged " + score.evaluationCostUsd());
    }

    @Test
    void aNodeThatCannotCoverItsNextCaseEndsUnscoredWithTheReason() {
        List<Case> cases = cases("x", 10);
        var node = NodeActor.ref(kit.system(), "s9", "n2");
        node.tell(new NodeProtocol.Evaluate("s9", "n2", "n1", "k1", ToyWorld.edit(3), WORLD, ToyWorld.dataset(cases),
                false, 0, Racing.Context.NONE));
        var reserve = session.expectMessageClass(SessionActor.ReserveEvaluation.class, WAIT);
        node.tell(new NodeProtocol.ReservationGranted(0.5 * reserve.capPerCaseUsd()));
        session.expectMessageClass(SessionActor.RaiseEvaluation.class, WAIT);
        node.tell(new NodeProtocol.ReservationDenied("the session's budget is spent"));
        var rejected = session.expectMessageClass(SessionActor.NodeRejected.class, WAIT);
        assertTrue(rejected.reason().contains("budget ran out during its evaluation (0 of 10 cases"),
                rejected.reason());
        assertEquals(0.0, rejected.evaluationCostUsd(), 1e-9);
    }

    @Test
    void aChildClearlyWorseThanItsParentIsRejectedAfterItsMinibatches() {
        List<Case> cases = cases("r", 300);
        var parent = NodeActor.ref(kit.system(), "s4", "n1");
        parent.tell(new NodeProtocol.Evaluate("s4", "n1", "n0", "k1,k2", ToyWorld.edit(3), WORLD,
                ToyWorld.dataset(cases), false, 0, Racing.Context.NONE));
        parent.tell(new NodeProtocol.ReservationGranted(
                session.expectMessageClass(SessionActor.ReserveEvaluation.class, WAIT).worstCaseUsd()));
        assertEquals(300, session.expectMessageClass(SessionActor.NodeScored.class, WAIT).score().cases());

        // the child is raced against n1 (pass probability 0.6) but is the bare knob-5 agent (0.3)
        var child = NodeActor.ref(kit.system(), "s4", "n2");
        child.tell(new NodeProtocol.Evaluate("s4", "n2", "n1", "", ToyWorld.edit(5), WORLD,
                ToyWorld.dataset(cases), true, 11, Racing.Context.NONE));
        child.tell(new NodeProtocol.ReservationGranted(
                session.expectMessageClass(SessionActor.ReserveEvaluation.class, WAIT).worstCaseUsd()));
        var rejected = session.expectMessageClass(SessionActor.NodeRejected.class, WAIT);
        assertTrue(rejected.reason().contains("parent"), rejected.reason());
        long ran = cases.stream().filter(c -> ToyWorld.RUNS.containsKey("k5|" + c.id())).count();
        assertTrue(ran > 0 && ran <= 2 * Racing.stageSize(300), "ran " + ran + " of 300 cases");
        assertEquals(ran * (ToyWorld.costPerCase("k5") + 0.001), rejected.evaluationCostUsd(), 1e-9);
        TestProbe<NodeProtocol.View> view = kit.createTestProbe();
        child.tell(new NodeProtocol.GetView(view.getRef()));
        assertEquals("rejected", view.receiveMessage(WAIT).phase());
    }

    @Test
    void aDeniedReservationRunsNothing() {
        var node = NodeActor.ref(kit.system(), "s2", "n1");
        node.tell(new NodeProtocol.Evaluate("s2", "n1", "n0", "k5", ToyWorld.edit(6), WORLD,
                ToyWorld.dataset(cases("b", 5)), false, 0, Racing.Context.NONE));
        session.expectMessageClass(SessionActor.ReserveEvaluation.class, WAIT);
        node.tell(new NodeProtocol.ReservationDenied("no money"));
        TestProbe<NodeProtocol.View> view = kit.createTestProbe();
        node.tell(new NodeProtocol.GetView(view.getRef()));
        assertEquals("denied", view.receiveMessage(WAIT).phase());
        session.expectNoMessage(Duration.ofMillis(300));
        assertTrue(ToyWorld.RUNS.keySet().stream().noneMatch(k -> k.startsWith("k5,k6|")));
    }

    @Test
    void aScoredNodeProposesItsChildrenEvenWhenPrunedAndAnUnscoredOneRefuses() {
        var node = NodeActor.ref(kit.system(), "s3", "n0");
        node.tell(new NodeProtocol.Evaluate("s3", "n0", null, null, null, WORLD, ToyWorld.dataset(cases("c", 6)),
                true, 0, Racing.Context.NONE));
        var reserve = session.expectMessageClass(SessionActor.ReserveEvaluation.class, WAIT);
        assertEquals("", reserve.sourceRef(), "the baseline's source");
        node.tell(new NodeProtocol.ReservationGranted(reserve.worstCaseUsd()));
        var scored = session.expectMessageClass(SessionActor.NodeScored.class, WAIT);

        node.tell(new NodeProtocol.Expand("r1", 3, List.of(ToyWorld.edit(1)), List.of(), null, 0,
                ReflectionGoal.FRONTIER));
        var proposals = session.expectMessageClass(SessionActor.ProposalsReady.class, WAIT);
        assertEquals("r1", proposals.roundId());
        assertEquals(3, proposals.batch().edits().size());
        assertTrue(proposals.batch().edits().stream().noneMatch(e -> e.sameChangeAs(ToyWorld.edit(1))));

        // pruned means off the frontier, not forbidden: the session may still pick it as a per-case winner
        node.tell(new NodeProtocol.Prune("dominated"));
        node.tell(new NodeProtocol.Expand("r2", 3, List.of(), List.of(), scored.score(), 1, ReflectionGoal.TOP));
        assertEquals("r2", session.expectMessageClass(SessionActor.ProposalsReady.class, WAIT).roundId());

        var unscored = NodeActor.ref(kit.system(), "s3", "n1");
        unscored.tell(new NodeProtocol.Evaluate("s3", "n1", "n0", "", ToyWorld.edit(4), WORLD,
                ToyWorld.dataset(cases("c", 6)), false, 0, Racing.Context.NONE));
        session.expectMessageClass(SessionActor.ReserveEvaluation.class, WAIT);
        unscored.tell(new NodeProtocol.Expand("r3", 3, List.of(), List.of(), null, 1, null));
        var refused = session.expectMessageClass(SessionActor.ProposalFailed.class, WAIT);
        assertTrue(refused.reason().contains("MATERIALIZED"), refused.reason());
    }
}
