package io.alp.actors.proposer;

import io.alp.actors.runtime.WorldRegistry;
import io.alp.actors.testkit.TestSystems;
import io.alp.actors.testkit.ToyWorld;
import io.alp.engine.model.Score;
import io.alp.engine.model.WorldRef;
import io.alp.engine.model.WorldSpec;
import io.alp.engine.port.Reflection;
import io.alp.engine.port.ReflectionGoal;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProposerActorTest {

    private final ActorTestKit kit = ActorTestKit.create(TestSystems.config());
    private final ActorRef<ProposerActor.Command> proposer =
            kit.spawn(ProposerActor.create(new WorldRegistry(List.of(new ToyWorld()))));

    @AfterAll
    void stop() {
        kit.shutdownTestKit();
    }

    private static Reflection reflection(int count) {
        return new Reflection("n0", "k1", List.of(), Score.of(10, 4, 1.0), null, List.of(), List.of(), Map.of(), List.of(),
                count, 3, ReflectionGoal.FRONTIER);
    }

    @Test
    void answersTheAskingNodeWithTheProposerEdits() {
        TestProbe<ProposerActor.Reply> node = kit.createTestProbe();
        proposer.tell(new ProposerActor.Propose("r7", ToyWorld.ref(0), reflection(2), node.getRef()));
        ProposerActor.Proposed answer = node.expectMessageClass(ProposerActor.Proposed.class);
        assertEquals("r7", answer.roundId());
        assertEquals(2, answer.batch().edits().size());
        assertEquals(0.5, answer.batch().costUsd());
    }

    @Test
    void aWorldThatCannotBeBuiltBecomesAFailedProposalNotACrash() {
        TestProbe<ProposerActor.Reply> node = kit.createTestProbe();
        WorldRef unknown = new WorldSpec("nowhere", "x", "", Map.of()).ref();
        proposer.tell(new ProposerActor.Propose("r8", unknown, reflection(1), node.getRef()));
        ProposerActor.Failed failed = node.expectMessageClass(ProposerActor.Failed.class);
        assertEquals("r8", failed.roundId());
        assertTrue(failed.reason().contains("nowhere"), failed.reason());
        // and it keeps serving
        proposer.tell(new ProposerActor.Propose("r9", ToyWorld.ref(0), reflection(1), node.getRef()));
        node.expectMessageClass(ProposerActor.Proposed.class);
    }
}
