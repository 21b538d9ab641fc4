package io.alp.actors.evaluation;

import io.alp.actors.CborSerializable;
import io.alp.actors.runtime.WorldRegistry;
import io.alp.engine.evaluation.CaseEvaluation;
import io.alp.engine.evaluation.EvaluationCache;
import io.alp.engine.model.Outcome;
import io.alp.engine.port.Failures;
import io.alp.engine.port.World;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Runs (candidate, case) evaluations: the candidate through the session's runner, its output through the judge.
 * The ports are asynchronous, so one worker holds several evaluations in flight (its slots in the queue).
 */
public final class EvaluatorActor {

    public sealed interface Command extends CborSerializable {
    }

    record Evaluate(EvaluationQueue.Job job, ActorRef<EvaluationQueue.Reply> replyTo) implements Command {
    }

    private record Finished(Evaluate work, Outcome outcome, String error) implements Command {
    }

    private EvaluatorActor() {
    }

    static Behavior<Command> create(int index, WorldRegistry worlds, EvaluationCache cache,
                                    ActorRef<EvaluationQueue.Command> queue) {
        return Behaviors.setup(ctx -> Behaviors.receive(Command.class)
                .onMessage(Evaluate.class, msg -> {
                    ctx.pipeToSelf(run(worlds, msg.job()), (outcome, error) ->
                            new Finished(msg, outcome, error == null ? null : describe(error)));
                    return Behaviors.same();
                })
                .onMessage(Finished.class, msg -> {
                    EvaluationQueue.Job w = msg.work().job();
                    if (msg.error() == null) {
                        cache.put(w.world(), w.sourceRef(), msg.outcome());
                        msg.work().replyTo().tell(new EvaluationQueue.Evaluated(msg.outcome(), false));
                    } else {
                        msg.work().replyTo().tell(new EvaluationQueue.Failed(w.c().id(), msg.error()));
                    }
                    queue.tell(new EvaluationQueue.SlotFree(index));
                    return Behaviors.same();
                })
                .build());
    }

    private static CompletionStage<Outcome> run(WorldRegistry worlds, EvaluationQueue.Job w) {
        try {
            World world = worlds.world(w.world());
            return CaseEvaluation.evaluate(world.runner(), world.judge(), w.sourceRef(), w.c());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static String describe(Throwable error) {
        Throwable cause = Failures.cause(error);
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
