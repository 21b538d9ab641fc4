package io.alp.actors.evaluation;

import io.alp.actors.node.NodeActor;
import io.alp.actors.runtime.WorldRegistry;
import io.alp.actors.testkit.TestSystems;
import io.alp.actors.testkit.ToyWorld;
import io.alp.engine.model.Case;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvaluationQueueTest {

    private final ActorTestKit kit = ActorTestKit.create(TestSystems.config());
    private final WorldRegistry worlds = new WorldRegistry(List.of(new ToyWorld()));

    @AfterAll
    void stop() {
        kit.shutdownTestKit();
    }

    private EvaluationQueue.Submit work(String caseId, TestProbe<NodeActor.Command> replyTo) {
        return new EvaluationQueue.Submit(ToyWorld.ref(300), "k7", new Case(caseId, "x", Map.of()), replyTo.getRef());
    }

    @Test
    void keepsEverySlotBusyWhileWorkWaitsAndNeverMoreThanItsCapacity() {
        var queue = kit.spawn(EvaluationQueue.create(worlds, 2, 2, 100));
        TestProbe<NodeActor.Command> node = kit.createTestProbe();
        for (int i = 0; i < 10; i++) {
            queue.tell(work("q" + i, node));
        }
        TestProbe<EvaluationQueue.Stats> stats = kit.createTestProbe();
        queue.tell(new EvaluationQueue.GetStats(stats.getRef()));
        assertEquals(new EvaluationQueue.Stats(6, 4, 4, 0, 0), stats.receiveMessage());

        Set<String> done = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            done.add(node.expectMessageClass(NodeActor.CaseEvaluated.class, Duration.ofSeconds(5)).outcome().caseId());
        }
        assertEquals(10, done.size());
        // the last worker frees its slot just after replying: wait for the queue to hear of it
        stats.awaitAssert(() -> {
            queue.tell(new EvaluationQueue.GetStats(stats.getRef()));
            assertEquals(new EvaluationQueue.Stats(0, 0, 4, 10, 0), stats.receiveMessage());
            return null;
        });
    }

    @Test
    void anIdenticalCandidateOnTheSameCaseIsAnsweredFromTheCacheAndNotRunAgain() {
        var queue = kit.spawn(EvaluationQueue.create(worlds, 1, 2, 100));
        TestProbe<NodeActor.Command> node = kit.createTestProbe();
        Case c = new Case("cache-1", "x", Map.of());
        queue.tell(new EvaluationQueue.Submit(ToyWorld.ref(0), "k6", c, node.getRef()));
        var first = node.expectMessageClass(NodeActor.CaseEvaluated.class, Duration.ofSeconds(5));
        assertEquals(false, first.cached());
        // the same candidate reached by another path, in another node
        queue.tell(new EvaluationQueue.Submit(ToyWorld.ref(0), "k6", c, node.getRef()));
        var second = node.expectMessageClass(NodeActor.CaseEvaluated.class, Duration.ofSeconds(5));
        assertEquals(true, second.cached());
        assertEquals(first.outcome(), second.outcome());
        assertEquals(1, ToyWorld.RUNS.get("k6|cache-1").get());
        // another judge configuration is another key
        queue.tell(new EvaluationQueue.Submit(ToyWorld.ref(1), "k6", c, node.getRef()));
        assertEquals(false, node.expectMessageClass(NodeActor.CaseEvaluated.class, Duration.ofSeconds(5)).cached());
    }

    @Test
    void refusesWorkBeyondItsQueueLimit() {
        var queue = kit.spawn(EvaluationQueue.create(worlds, 1, 1, 2));
        TestProbe<NodeActor.Command> node = kit.createTestProbe();
        for (int i = 0; i < 4; i++) {
            queue.tell(work("r" + i, node));
        }
        // one runs, two wait, the fourth is refused
        assertEquals(new NodeActor.EvaluationRefused("r3"),
                node.expectMessageClass(NodeActor.EvaluationRefused.class, Duration.ofSeconds(2)));
    }
}
