package io.alp.actors.frontier;

import io.alp.actors.CborSerializable;
import io.alp.actors.node.NodeActor;
import io.alp.actors.session.SessionActor;
import io.alp.engine.frontier.FrontierTracker;
import io.alp.engine.frontier.FrontierUpdate;
import io.alp.engine.frontier.ScoredNode;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

import java.util.List;

/**
 * Holds one session's Pareto set. Each scored node is added; the session hears how the frontier changed, and
 * every node that became strictly dominated is told to {@code Prune}. A child of its SessionActor: after a
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

    private FrontierActor() {
    }

    public static Behavior<Command> create(String sessionId, ActorRef<SessionActor.Command> session) {
        return Behaviors.setup(ctx -> {
            FrontierTracker tracker = FrontierTracker.anchoredOnFirst();
            return Behaviors.receive(Command.class)
                    .onMessage(Restore.class, msg -> {
                        msg.nodes().forEach(tracker::add);
                        return Behaviors.same();
                    })
                    .onMessage(Add.class, msg -> {
                        FrontierUpdate update = tracker.add(msg.node());
                        session.tell(new SessionActor.FrontierChanged(update));
                        for (String pruned : update.pruned()) {
                            NodeActor.ref(ctx.getSystem(), sessionId, pruned)
                                    .tell(new NodeActor.Prune("strictly dominated on the frontier"));
                        }
                        return Behaviors.same();
                    })
                    .build();
        });
    }
}
