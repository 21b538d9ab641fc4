package io.alp.actors.proposer;

import io.alp.actors.CborSerializable;
import io.alp.actors.runtime.WorldRegistry;
import io.alp.engine.llm.PaidFailure;
import io.alp.engine.model.WorldRef;
import io.alp.engine.port.Failures;
import io.alp.engine.port.ProposalBatch;
import io.alp.engine.port.Reflection;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Turns a node's evidence into proposed edits through the session's {@code Proposer} (LLM or simulated). */
public final class ProposerActor {

    public sealed interface Command extends CborSerializable {
    }

    /** Propose edits for round {@code roundId} from {@code reflection}; the answer is a {@link Reply}. */
    public record Propose(String roundId, WorldRef world, Reflection reflection,
                          ActorRef<Reply> replyTo) implements Command {
    }

    public sealed interface Reply extends CborSerializable {
        String roundId();
    }

    public record Proposed(String roundId, ProposalBatch batch) implements Reply {
    }

    /** @param costUsd what the failed proposing still cost (e.g. malformed replies) */
    public record Failed(String roundId, String reason, double costUsd) implements Reply {
    }

    private record Answered(Propose request, ProposalBatch batch, String error) implements Command {
    }

    private ProposerActor() {
    }

    public static Behavior<Command> create(WorldRegistry worlds) {
        return Behaviors.setup(ctx -> Behaviors.receive(Command.class)
                .onMessage(Propose.class, msg -> {
                    ctx.pipeToSelf(propose(worlds, msg), (batch, error) -> error == null
                            ? new Answered(msg, batch, null)
                            : new Answered(msg, new ProposalBatch(List.of(), PaidFailure.costOf(error)), describe(error)));
                    return Behaviors.same();
                })
                .onMessage(Answered.class, msg -> {
                    String roundId = msg.request().roundId();
                    msg.request().replyTo().tell(msg.error() == null
                            ? new Proposed(roundId, msg.batch())
                            : new Failed(roundId, msg.error(), msg.batch().costUsd()));
                    return Behaviors.same();
                })
                .build());
    }

    private static String describe(Throwable error) {
        return String.valueOf(Failures.cause(error).getMessage());
    }

    private static CompletionStage<ProposalBatch> propose(WorldRegistry worlds, Propose msg) {
        try {
            return worlds.world(msg.world()).proposer().propose(msg.reflection());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
