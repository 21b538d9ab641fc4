package io.alp.actors.evaluation;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a node's offers of work go: to every evaluator pool of the cluster, found through the Receptionist. When
 * the node runs a pool of its own, that pool gets the offer as its own work and every other pool as spare work
 * (pulled only by a pool that has nothing else to do); a node without a pool offers its work to every pool alike.
 * Offers made while no pool is known wait here and go out as soon as one is. A pool on a node that died drops
 * what it pulled; the requester offers again what stays unanswered.
 */
public final class EvaluatorRouter extends AbstractBehavior<Object> {

    /** Under which every evaluator pool registers with the Receptionist. */
    public static final ServiceKey<EvaluationQueue.Command> POOLS =
            ServiceKey.create(EvaluationQueue.Command.class, "alp-evaluator-pools");

    private final ActorRef<EvaluationQueue.Command> local;
    private List<ActorRef<EvaluationQueue.Command>> pools = List.of();
    /** The latest offer of each requester made while no pool was known. */
    private final Map<ActorRef<EvaluationQueue.Reply>, EvaluationQueue.Offer> waiting = new LinkedHashMap<>();

    /**
     * Takes {@link EvaluationQueue.Offer}; the Receptionist's listings arrive on the same mailbox.
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
                    if (!pools.isEmpty() || local != null) {
                        waiting.values().forEach(this::offer);
                        waiting.clear();
                    }
                    return this;
                })
                .onMessage(EvaluationQueue.Offer.class, offer -> {
                    if (pools.isEmpty() && local == null) {
                        waiting.put(offer.from(), offer);
                    } else {
                        offer(offer);
                    }
                    return this;
                })
                .build();
    }

    private void offer(EvaluationQueue.Offer offer) {
        if (local != null) {
            local.tell(offer);
        }
        var spare = new EvaluationQueue.Offer(offer.from(), offer.cases(), local != null);
        for (ActorRef<EvaluationQueue.Command> pool : pools) {
            if (!pool.equals(local)) {
                pool.tell(spare);
            }
        }
    }
}
