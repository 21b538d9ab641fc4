package io.alp.actors.frontier;

import io.alp.actors.testkit.TestSystems;
import io.alp.engine.frontier.ScoredNode;
import io.alp.engine.model.Score;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FrontierActorTest {

    private final ActorTestKit kit = TestSystems.clusterKit();

    @AfterAll
    void stop() {
        kit.shutdownTestKit();
    }

    @Test
    void reportsEachChangeAndWhatBecomesDominated() {
        TestProbe<FrontierActor.Changed> session = kit.createTestProbe();
        var frontier = kit.spawn(FrontierActor.create(session.getRef()));

        frontier.tell(new FrontierActor.Add(new ScoredNode("n0", Score.of(100, 60, 1.0))));
        var first = session.expectMessageClass(FrontierActor.Changed.class).update();
        assertTrue(first.moved());
        assertEquals(List.of("n0"), first.frontier());

        frontier.tell(new FrontierActor.Add(new ScoredNode("n1", Score.of(100, 40, 1.2))));
        var dominated = session.expectMessageClass(FrontierActor.Changed.class).update();
        assertFalse(dominated.moved());
        assertEquals(List.of("n1"), dominated.pruned());

        frontier.tell(new FrontierActor.Add(new ScoredNode("n2", Score.of(100, 80, 0.8))));
        var better = session.expectMessageClass(FrontierActor.Changed.class).update();
        assertTrue(better.moved());
        assertEquals(List.of("n0"), better.pruned());
        assertEquals(List.of("n2"), better.frontier());
    }

    @Test
    void restoredNodesAreNotReportedAgain() {
        TestProbe<FrontierActor.Changed> session = kit.createTestProbe();
        var frontier = kit.spawn(FrontierActor.create(session.getRef()));
        frontier.tell(new FrontierActor.Restore(List.of(new ScoredNode("n0", Score.of(10, 9, 1.0)))));
        session.expectNoMessage(Duration.ofMillis(200));
        frontier.tell(new FrontierActor.Add(new ScoredNode("n1", Score.of(10, 2, 2.0))));
        assertEquals(List.of("n1"), session.expectMessageClass(FrontierActor.Changed.class).update().pruned());
    }
}
