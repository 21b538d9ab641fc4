package io.alp.actors.evaluation;

import io.alp.actors.node.NodeActor;
import io.alp.actors.runtime.WorldRegistry;
import io.alp.actors.testkit.TestSystems;
import io.alp.actors.testkit.ToyWorld;
import io.alp.engine.model.Case;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvaluatorRouterTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private ActorTestKit kit;

    @BeforeAll
    void start() {
        kit = TestSystems.clusterKit();
    }

    @AfterAll
    void stop() {
        kit.shutdownTestKit();
    }

    @Test
    void refusesWhileNoPoolIsKnownThenSpreadsWorkOverEveryPool() {
        TestProbe<NodeActor.Command> node = kit.createTestProbe();
        ActorRef<EvaluationQueue.Command> router = kit.spawn(EvaluatorRouter.create(null));
        router.tell(new EvaluationQueue.Submit(ToyWorld.ref(0), "k1", new Case("early", "x", Map.of()),
                node.getRef()));
        assertEquals(new NodeActor.EvaluationRefused("early"), node.expectMessageClass(
                NodeActor.EvaluationRefused.class, WAIT));

        WorldRegistry worlds = new WorldRegistry(List.of(new ToyWorld()));
        List<ActorRef<EvaluationQueue.Command>> pools = List.of(
                kit.spawn(EvaluationQueue.create(worlds, 1, 2, 1000)),
                kit.spawn(EvaluationQueue.create(worlds, 1, 2, 1000)));
        TestProbe<Receptionist.Registered> registered = kit.createTestProbe();
        pools.forEach(p -> kit.system().receptionist().tell(Receptionist.register(EvaluatorRouter.POOLS, p,
                registered.getRef())));
        registered.receiveSeveralMessages(2, WAIT);
        TestProbe<Receptionist.Listing> listing = kit.createTestProbe();
        listing.awaitAssert(WAIT, () -> {
            kit.system().receptionist().tell(Receptionist.find(EvaluatorRouter.POOLS, listing.getRef()));
            assertEquals(2, listing.receiveMessage(WAIT).getServiceInstances(EvaluatorRouter.POOLS).size());
            return null;
        });

        node.awaitAssert(WAIT, () -> {
            router.tell(new EvaluationQueue.Submit(ToyWorld.ref(0), "k1", new Case("probe", "x", Map.of()),
                    node.getRef()));
            assertEquals(NodeActor.CaseEvaluated.class, node.receiveMessage(WAIT).getClass());
            return null;
        });
        for (int i = 0; i < 40; i++) {
            router.tell(new EvaluationQueue.Submit(ToyWorld.ref(0), "k1", new Case("c" + i, "x", Map.of()),
                    node.getRef()));
        }
        assertEquals(40, node.receiveSeveralMessages(40, WAIT).stream()
                .filter(m -> m instanceof NodeActor.CaseEvaluated).count());
        TestProbe<EvaluationQueue.Stats> stats = kit.createTestProbe();
        for (ActorRef<EvaluationQueue.Command> pool : pools) {
            pool.tell(new EvaluationQueue.GetStats(stats.getRef()));
            long completed = stats.receiveMessage(WAIT).completed();
            // round robin gives each pool about half of the 40; a pool with a backlog may hand some on to the other
            org.junit.jupiter.api.Assertions.assertTrue(completed >= 10, "completed " + completed);
        }
    }

    @Test
    void aSaturatedPoolHandsItsExcessToAnIdleOne() {
        ActorTestKit kit = TestSystems.clusterKit(); // a receptionist that knows only these two pools
        try {
            handsOn(kit);
        } finally {
            kit.shutdownTestKit();
        }
    }

    private static void handsOn(ActorTestKit kit) {
        WorldRegistry worlds = new WorldRegistry(List.of(new ToyWorld()));
        ActorRef<EvaluationQueue.Command> busy = kit.spawn(EvaluationQueue.create(worlds, 1, 1, 1000));
        ActorRef<EvaluationQueue.Command> idle = kit.spawn(EvaluationQueue.create(worlds, 1, 1, 1000));
        TestProbe<Receptionist.Registered> registered = kit.createTestProbe();
        kit.system().receptionist().tell(Receptionist.register(EvaluatorRouter.POOLS, busy, registered.getRef()));
        kit.system().receptionist().tell(Receptionist.register(EvaluatorRouter.POOLS, idle, registered.getRef()));
        registered.receiveSeveralMessages(2, WAIT);
        TestProbe<NodeActor.Command> node = kit.createTestProbe();
        ActorRef<EvaluationQueue.Command> router = kit.spawn(EvaluatorRouter.create(busy));
        TestProbe<EvaluationQueue.Stats> stats = kit.createTestProbe();
        stats.awaitAssert(WAIT, () -> { // the busy pool has heard of the other one
            router.tell(new EvaluationQueue.Submit(ToyWorld.ref(30), "k2", new Case("x" + System.nanoTime(), "x",
                    Map.of()), node.getRef()));
            router.tell(new EvaluationQueue.Submit(ToyWorld.ref(30), "k2", new Case("y" + System.nanoTime(), "x",
                    Map.of()), node.getRef()));
            router.tell(new EvaluationQueue.Submit(ToyWorld.ref(30), "k2", new Case("z" + System.nanoTime(), "x",
                    Map.of()), node.getRef()));
            busy.tell(new EvaluationQueue.GetStats(stats.getRef()));
            org.junit.jupiter.api.Assertions.assertTrue(stats.receiveMessage(WAIT).handedOn() > 0);
            return null;
        });
        for (int i = 0; i < 30; i++) {
            router.tell(new EvaluationQueue.Submit(ToyWorld.ref(30), "k2", new Case("w" + i, "x", Map.of()),
                    node.getRef()));
        }
        node.fishForMessage(WAIT, m -> m instanceof NodeActor.CaseEvaluated e && e.outcome().caseId().equals("w29")
                ? org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.complete()
                : org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.continueAndIgnore());
        idle.tell(new EvaluationQueue.GetStats(stats.getRef()));
        EvaluationQueue.Stats idleStats = stats.receiveMessage(WAIT);
        org.junit.jupiter.api.Assertions.assertTrue(idleStats.completed() >= 5, "the idle pool took work: "
                + idleStats);
        assertEquals(0, idleStats.handedOn(), "handed-on work is not handed on again");
    }
}
