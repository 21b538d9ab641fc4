package io.alp.actors.frontier;

import io.alp.actors.CborSerializable;
import io.alp.engine.frontier.FrontierTracker;
import io.alp.engine.frontier.FrontierUpdate;
import io.alp.engine.frontier.ScoredNode;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

import java.util.List;

/**
 * Holds one session's Pareto set. Each scored node is added; the session hears how the frontier changed
 * ({@link Changed}), including which nodes became strictly dominated. A child of its SessionActor: after a
 * restart the session restores it from the scores in its journal.
 */
public final class FrontierActor {

    public sealed interface Command extends CborSerializable {
    }

    public record Add(ScoredNode node) implements Command {
    }

    /** Rebuild from nodes already accounted for, baseline first, without reporting or pruning again. */
    public record Restore(List<ScoredNode> nodes) implements Command {
    }

    /** How adding a node changed the frontier; {@code update.pruned()} are the nodes it now strictly dominates. */
    public record Changed(FrontierUpdate update) implements CborSerializable {
    }

    private FrontierActor() {
    }

    /** @param session where every {@link Changed} goes */
    public static Behavior<Command> create(ActorRef<Changed> session) {
        return Behaviors.setup(ctx -> {
            FrontierTracker tracker = FrontierTracker.anchoredOnFirst();
            return Behaviors.receive(Command.class)
                    .onMessage(Restore.class, msg -> {
                        tracker.restore(msg.nodes());
                        return Behaviors.same();
                    })
                    .onMessage(Add.class, msg -> {
                        session.tell(new Changed(tracker.add(msg.node())));
                        return Behaviors.same();
                    })
                    .build();
        });
    }
}
