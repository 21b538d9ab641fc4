package io.alp.actors.node;

import com.typesafe.config.ConfigFactory;
import io.alp.actors.evaluation.EvaluationQueue;
import io.alp.actors.proposer.ProposerActor;
import io.alp.actors.runtime.AlpRuntime;
import io.alp.actors.runtime.WorldRegistry;
import io.alp.actors.session.SessionActor;
import io.alp.actors.testkit.Forwarding;
import io.alp.actors.testkit.TestSystems;
import io.alp.actors.testkit.ToyWorld;
import io.alp.engine.search.Racing;
import io.alp.engine.model.Case;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Evaluations lost with a pool (as on a cluster node that died) are dispatched again and recorded once. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeRedispatchTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final AtomicInteger DROPPED = new AtomicInteger();

    private ActorTestKit kit;
    private TestProbe<SessionActor.Command> session;

    /**
     * A pool that dies with what it pulled: it takes every case a tree node offers and drops each the first time it
     * sees it; offers after that go on to a real pool.
     */
    private static Behavior<EvaluationQueue.Command> losingFirstAttempts(ActorRef<EvaluationQueue.Command> pool) {
        Set<String> seen = new HashSet<>();
        Set<ActorRef<EvaluationQueue.Reply>> robbed = new HashSet<>();
        return Behaviors.setup(ctx -> Behaviors.receiveMessage(m -> {
            if (m instanceof EvaluationQueue.Offer o && robbed.add(o.from())) {
                o.from().tell(new EvaluationQueue.Pull(o.cases(), ctx.getSelf()));
            } else if (m instanceof EvaluationQueue.Work w) {
                w.cases().forEach(c -> {
                    if (seen.add(c.id())) {
                        DROPPED.incrementAndGet();
                    }
                });
            } else {
                pool.tell(m);
            }
            return Behaviors.same();
        }));
    }

    @BeforeAll
    void start() {
        kit = TestSystems.clusterKit(ConfigFactory.parseString("alp.evaluators.redispatch-after = 1s"));
        session = kit.createTestProbe();
        Forwarding.shardInto(kit.system(), SessionActor.TYPE_KEY, session);
        WorldRegistry worlds = new WorldRegistry(List.of(new ToyWorld()));
        ActorRef<EvaluationQueue.Command> pool = kit.spawn(EvaluationQueue.create(worlds, 2, 2));
        NodeActor.initSharding(kit.system(), new AlpRuntime(worlds, kit.spawn(losingFirstAttempts(pool)),
                kit.spawn(ProposerActor.create(worlds))));
    }

    @AfterAll
    void stop() {
        kit.shutdownTestKit();
    }

    @Test
    void unansweredCasesAreDispatchedAgainAndRecordedOnce() {
        List<Case> cases = IntStream.range(0, 10).mapToObj(i -> new Case("lost" + i, "input", Map.of())).toList();
        var node = NodeActor.ref(kit.system(), "s9", "n2");
        node.tell(new NodeProtocol.Evaluate("s9", "n2", "n1", "k1", ToyWorld.edit(4), ToyWorld.ref(0),
                ToyWorld.dataset(cases), false, 0, Racing.Context.NONE));
        var reserve = session.expectMessageClass(SessionActor.ReserveEvaluation.class, WAIT);
        node.tell(new NodeProtocol.ReservationGranted(reserve.worstCaseUsd()));
        var scored = session.expectMessageClass(SessionActor.NodeScored.class, WAIT);
        assertEquals(10, scored.score().cases());
        assertEquals(10, DROPPED.get(), "every first attempt was lost");
        cases.forEach(c -> assertEquals(1, ToyWorld.RUNS.get("k1,k4|" + c.id()).get(), c.id()));
        assertEquals(reserve.worstCaseUsd(), scored.evaluationCostUsd(), 1e-9);
    }
}
