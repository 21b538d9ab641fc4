package io.alp.actors.evaluation;

import io.alp.actors.runtime.WorldRegistry;
import io.alp.actors.testkit.Requester;
import io.alp.actors.testkit.TestSystems;
import io.alp.actors.testkit.ToyWorld;
import io.alp.engine.model.Case;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluatorRouterTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final WorldRegistry worlds = new WorldRegistry(List.of(new ToyWorld()));

    private static List<Case> cases(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> new Case(prefix + i, "x", Map.of())).toList();
    }

    private static void register(ActorTestKit kit, List<ActorRef<EvaluationQueue.Command>> pools) {
        TestProbe<Receptionist.Registered> registered = kit.createTestProbe();
        pools.forEach(p -> kit.system().receptionist().tell(Receptionist.register(EvaluatorRouter.POOLS, p,
                registered.getRef())));
        registered.receiveSeveralMessages(pools.size(), WAIT);
    }

    private static long completed(ActorTestKit kit, ActorRef<EvaluationQueue.Command> pool) {
        TestProbe<EvaluationQueue.Stats> stats = kit.createTestProbe();
        pool.tell(new EvaluationQueue.GetStats(stats.getRef()));
        return stats.receiveMessage(WAIT).completed();
    }

    private static void awaitOutcomes(TestProbe<EvaluationQueue.Reply> seen, int n) {
        int outcomes = 0;
        while (outcomes < n) {
            if (seen.receiveMessage(WAIT) instanceof EvaluationQueue.Evaluated) {
                outcomes++;
            }
        }
    }

    @Test
    void offersMadeWhileNoPoolIsKnownWaitThenEveryPoolPullsFromANodeWithoutOne() {
        ActorTestKit kit = TestSystems.clusterKit(); // a receptionist that knows only this test's pools
        try {
            ActorRef<EvaluationQueue.Command> router = kit.spawn(EvaluatorRouter.create(null));
            TestProbe<EvaluationQueue.Reply> seen = kit.createTestProbe();
            kit.spawn(Requester.offering(router, false, ToyWorld.ref(20), "k1", cases("c", 40), seen.getRef()));
            seen.expectNoMessage(Duration.ofMillis(500));

            List<ActorRef<EvaluationQueue.Command>> pools = List.of(
                    kit.spawn(EvaluationQueue.create(worlds, 1, 2)),
                    kit.spawn(EvaluationQueue.create(worlds, 1, 2)));
            register(kit, pools);
            awaitOutcomes(seen, 40);
            for (ActorRef<EvaluationQueue.Command> pool : pools) {
                long done = completed(kit, pool);
                assertTrue(done >= 5, "both pools pulled work, this one " + done);
            }
        } finally {
            kit.shutdownTestKit();
        }
    }

    @Test
    void anIdlePoolPullsTheSpareWorkOfABusyOne() {
        ActorTestKit kit = TestSystems.clusterKit();
        try {
            ActorRef<EvaluationQueue.Command> own = kit.spawn(EvaluationQueue.create(worlds, 1, 1));
            ActorRef<EvaluationQueue.Command> other = kit.spawn(EvaluationQueue.create(worlds, 1, 1));
            register(kit, List.of(own, other));
            ActorRef<EvaluationQueue.Command> router = kit.spawn(EvaluatorRouter.create(own));
            TestProbe<EvaluationQueue.Reply> seen = kit.createTestProbe();
            // the router offers to the pools it knows: wait until it knows both
            seen.awaitAssert(WAIT, () -> {
                kit.spawn(Requester.offering(router, false, ToyWorld.ref(30), "k2",
                        cases("probe" + System.nanoTime() + "-", 6), seen.getRef()));
                awaitOutcomes(seen, 6);
                assertTrue(completed(kit, other) > 0);
                return null;
            });
            long before = completed(kit, other);
            kit.spawn(Requester.offering(router, false, ToyWorld.ref(30), "k2", cases("w", 30), seen.getRef()));
            awaitOutcomes(seen, 30);
            assertTrue(completed(kit, other) - before >= 5, "the other pool took spare work");
            assertTrue(completed(kit, own) >= 5, "the node's own pool took its share");
        } finally {
            kit.shutdownTestKit();
        }
    }
}
