package io.alp.actors.evaluation;

import io.alp.actors.node.NodeActor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where a node's case evaluations go: to the node's own evaluator pool when it runs one (pools hand their excess
 * on to less loaded pools themselves), else in turn to the pools of every cluster node, found through the
 * Receptionist. A pool that is full refuses and the NodeActor retries (back-pressure); a pool on a node that died
 * drops its work and the NodeActor re-dispatches what stays unanswered. With no pool known yet, work is refused
 * and retried.
 */
public final class EvaluatorRouter extends AbstractBehavior<Object> {

    /** Under which every evaluator pool registers with the Receptionist. */
    public static final ServiceKey<EvaluationQueue.Command> POOLS =
            ServiceKey.create(EvaluationQueue.Command.class, "alp-evaluator-pools");

    private final ActorRef<EvaluationQueue.Command> local;
    private List<ActorRef<EvaluationQueue.Command>> pools = List.of();
    private int next;

    /**
     * Takes {@link EvaluationQueue.Submit}; the Receptionist's listings arrive on the same mailbox.
     *
     * @param local this node's pool, or null when the node runs none
     */
    public static Behavior<EvaluationQueue.Command> create(ActorRef<EvaluationQueue.Command> local) {
        return Behaviors.<Object>setup(ctx -> new EvaluatorRouter(ctx, local)).narrow();
    }

    private EvaluatorRouter(ActorContext<Object> ctx, ActorRef<EvaluationQueue.Command> local) {
        super(ctx);
        this.local = local;
        ctx.getSystem().receptionist().tell(Receptionist.subscribe(POOLS, ctx.getSelf().narrow()));
    }

    @Override
    public Receive<Object> createReceive() {
        return newReceiveBuilder()
                .onMessage(Receptionist.Listing.class, listing -> {
                    List<ActorRef<EvaluationQueue.Command>> known = new ArrayList<>(listing.getServiceInstances(POOLS));
                    known.sort(Comparator.comparing(ref -> ref.path().toString()));
                    pools = List.copyOf(known);
                    getContext().getLog().info("{} evaluator pool(s) in the cluster", pools.size());
                    return this;
                })
                .onMessage(EvaluationQueue.Submit.class, work -> {
                    if (local != null) {
                        local.tell(work);
                    } else if (pools.isEmpty()) {
                        work.replyTo().tell(new NodeActor.EvaluationRefused(work.c().id()));
                    } else {
                        pools.get(Math.floorMod(next++, pools.size())).tell(work);
                    }
                    return this;
                })
                .build();
    }
}
