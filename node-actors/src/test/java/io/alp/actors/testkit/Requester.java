package io.alp.actors.testkit;

import io.alp.actors.evaluation.EvaluationQueue;
import io.alp.engine.model.Case;
import io.alp.engine.model.WorldRef;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Stands in for a tree node that wants cases evaluated: offers them to {@code pools} when it starts, answers every
 * pull with as many as are left, and passes every other answer (outcomes, failures, the pulls themselves) on to
 * {@code seen}.
 */
public final class Requester {

    private Requester() {
    }

    public static Behavior<EvaluationQueue.Reply> offering(ActorRef<EvaluationQueue.Command> pools, boolean spare,
                                                           WorldRef world, String sourceRef, List<Case> cases,
                                                           ActorRef<EvaluationQueue.Reply> seen) {
        return Behaviors.setup(ctx -> {
            Deque<Case> waiting = new ArrayDeque<>(cases);
            pools.tell(new EvaluationQueue.Offer(ctx.getSelf(), waiting.size(), spare));
            return Behaviors.receiveMessage(m -> {
                if (m instanceof EvaluationQueue.Pull pull) {
                    List<Case> given = new ArrayList<>();
                    while (given.size() < pull.max() && !waiting.isEmpty()) {
                        given.add(waiting.removeFirst());
                    }
                    EvaluationQueue.answer(pull, ctx.getSelf(), world, sourceRef, given, waiting.size());
                }
                seen.tell(m);
                return Behaviors.same();
            });
        });
    }
}
