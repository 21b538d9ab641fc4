package io.alp.actors.evaluation;

import io.alp.actors.runtime.WorldRegistry;
import io.alp.actors.testkit.Requester;
import io.alp.actors.testkit.TestSystems;
import io.alp.actors.testkit.ToyWorld;
import io.alp.engine.model.Case;
import io.alp.engine.model.WorldRef;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvaluationQueueTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ActorTestKit kit = ActorTestKit.create(TestSystems.config());
    private final WorldRegistry worlds = new WorldRegistry(List.of(new ToyWorld()));

    @AfterAll
    void stop() {
        kit.shutdownTestKit();
    }

    private static List<Case> cases(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> new Case(prefix + i, "x", Map.of())).toList();
    }

    private ActorRef<EvaluationQueue.Reply> requester(ActorRef<EvaluationQueue.Command> pool, boolean spare,
                                                      WorldRef world, List<Case> cases,
                                                      TestProbe<EvaluationQueue.Reply> seen) {
        return kit.spawn(Requester.offering(pool, spare, world, "k7", cases, seen.getRef()));
    }

    private EvaluationQueue.Stats stats(ActorRef<EvaluationQueue.Command> pool) {
        TestProbe<EvaluationQueue.Stats> stats = kit.createTestProbe();
        pool.tell(new EvaluationQueue.GetStats(stats.getRef()));
        return stats.receiveMessage(WAIT);
    }

    /** The next outcome the requester heard, past the pulls. */
    private static EvaluationQueue.Evaluated outcome(TestProbe<EvaluationQueue.Reply> seen) {
        while (true) {
            if (seen.receiveMessage(WAIT) instanceof EvaluationQueue.Evaluated e) {
                return e;
            }
        }
    }

    @Test
    void pullsWhatItsSlotsCanTakeAndKeepsEverySlotBusyWhileWorkWaits() {
        var pool = kit.spawn(EvaluationQueue.create(worlds, 2, 2));
        TestProbe<EvaluationQueue.Reply> seen = kit.createTestProbe();
        requester(pool, false, ToyWorld.ref(300), cases("q", 10), seen);
        // four slots and one pulled ahead: the rest stays with the requester
        var first = seen.expectMessageClass(EvaluationQueue.Pull.class, WAIT);
        assertEquals(5, first.max());
        seen.awaitAssert(WAIT, () -> {
            assertEquals(new EvaluationQueue.Stats(5, 1, 4, 4, 0), stats(pool));
            return null;
        });

        Set<String> done = new HashSet<>();
        int pulled = first.max();
        while (done.size() < 10) {
            var m = seen.receiveMessage(WAIT);
            if (m instanceof EvaluationQueue.Evaluated e) {
                assertTrue(done.add(e.outcome().caseId()), "evaluated once: " + e.outcome().caseId());
            } else if (m instanceof EvaluationQueue.Pull p) {
                pulled += p.max();
            }
        }
        assertEquals(10, pulled, "asked for no more than there was");
        seen.awaitAssert(WAIT, () -> {
            assertEquals(new EvaluationQueue.Stats(0, 0, 0, 4, 10), stats(pool));
            return null;
        });
    }

    @Test
    void anIdenticalCandidateOnTheSameCaseIsAnsweredFromTheCacheAndNotRunAgain() {
        var pool = kit.spawn(EvaluationQueue.create(worlds, 1, 2));
        TestProbe<EvaluationQueue.Reply> seen = kit.createTestProbe();
        List<Case> c = List.of(new Case("cache-1", "x", Map.of()));
        requester(pool, false, ToyWorld.ref(0), c, seen);
        var first = outcome(seen);
        assertEquals(false, first.cached());
        // the same candidate reached by another path, in another node
        requester(pool, false, ToyWorld.ref(0), c, seen);
        var second = outcome(seen);
        assertEquals(true, second.cached());
        assertEquals(first.outcome(), second.outcome());
        assertEquals(1, ToyWorld.RUNS.get("k7|cache-1").get());
        // another judge configuration is another key
        requester(pool, false, ToyWorld.ref(1), c, seen);
        assertEquals(false, outcome(seen).cached());
    }

    @Test
    void ownWorkIsPulledBeforeSpareWorkAndRequestersInTheOrderTheyOffered() {
        var pool = kit.spawn(EvaluationQueue.create(worlds, 1, 1));
        TestProbe<EvaluationQueue.Reply> seen = kit.createTestProbe();
        requester(pool, false, ToyWorld.ref(50), cases("a", 3), seen);
        seen.expectMessageClass(EvaluationQueue.Pull.class, WAIT);
        requester(pool, true, ToyWorld.ref(50), cases("s", 3), seen);
        requester(pool, false, ToyWorld.ref(50), cases("b", 3), seen);
        // one slot: outcomes come in the order the pool pulled the cases
        List<String> order = new ArrayList<>();
        while (order.size() < 9) {
            if (seen.receiveMessage(WAIT) instanceof EvaluationQueue.Evaluated e) {
                order.add(e.outcome().caseId());
            }
        }
        assertEquals(List.of("a0", "a1", "a2", "b0", "b1", "b2", "s0", "s1", "s2"), order);
    }

    @Test
    void aRequesterThatNeverAnswersIsForgottenAndOthersGetTheSlots() {
        var pool = kit.spawn(EvaluationQueue.create(worlds, 1, 1));
        TestProbe<EvaluationQueue.Reply> gone = kit.createTestProbe(); // a node that died: it never answers
        pool.tell(new EvaluationQueue.Offer(gone.getRef(), 50, false));
        assertEquals(2, gone.expectMessageClass(EvaluationQueue.Pull.class, WAIT).max());
        TestProbe<EvaluationQueue.Reply> seen = kit.createTestProbe();
        requester(pool, false, ToyWorld.ref(0), cases("alive", 2), seen);
        seen.expectNoMessage(Duration.ofSeconds(1));
        // once the unanswered pull has timed out, the slots go to the requester that is there
        var pulled = seen.expectMessageClass(EvaluationQueue.Pull.class,
                EvaluationQueue.PULL_TIMEOUT.plus(Duration.ofSeconds(3)));
        assertEquals(2, pulled.max());
        outcome(seen);
        outcome(seen);
        gone.expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void aPullOfBigCasesIsAnsweredInMessagesThatFitTheRemoteFrameAndSettleItOnce() {
        TestProbe<EvaluationQueue.Command> pool = kit.createTestProbe();
        TestProbe<EvaluationQueue.Reply> from = kit.createTestProbe();
        String input = "x".repeat(20_000);
        List<Case> big = IntStream.range(0, 30).mapToObj(i -> new Case("big" + i, input, Map.of("k", "v"))).toList();
        EvaluationQueue.answer(new EvaluationQueue.Pull(30, pool.getRef()), from.getRef(), ToyWorld.ref(0), "k1",
                big, 4);
        var serialization = org.apache.pekko.serialization.SerializationExtension.get(
                org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(kit.system()));
        List<String> received = new ArrayList<>();
        int settled = 0;
        while (received.size() < 30) {
            var work = (EvaluationQueue.Work) pool.receiveMessage(WAIT);
            byte[] bytes = serialization.serialize(work).get();
            assertTrue(bytes.length < 256 * 1024, "a message of " + bytes.length + " bytes");
            assertEquals(4, work.remaining());
            work.cases().forEach(c -> received.add(c.id()));
            settled += work.asked();
            assertEquals(received.size() == 30 ? 30 : 0, work.asked(), "only the last message settles the pull");
        }
        assertEquals(big.stream().map(Case::id).toList(), received);
        assertEquals(30, settled);
        pool.expectNoMessage(Duration.ofMillis(100));
    }
}
