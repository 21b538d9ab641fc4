package io.alp.actors.evaluation;

import io.alp.actors.CborSerializable;
import io.alp.actors.node.NodeActor;
import io.alp.actors.runtime.WorldRegistry;
import io.alp.engine.evaluation.EvaluationCache;
import io.alp.engine.model.Case;
import io.alp.engine.model.WorldRef;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The front of a node's pool of {@link EvaluatorActor}s: case evaluations wait here and go to a worker as soon as
 * one has a free slot, so no worker idles while work waits and no round waits for another. When the queue is
 * full, work is refused ({@link NodeActor.EvaluationRefused}) and its node retries later: back-pressure.
 * <p>
 * Pools of a cluster tell each other their backlog twice a second. A pool with more than a full round of work
 * waiting hands a new evaluation to the least loaded other pool when that one has at least a round less waiting;
 * handed-on work is not handed on again. Work therefore stays on the node that asked for it (no serialization)
 * until that node is saturated and another is not, e.g. a node that runs only evaluators.
 */
public final class EvaluationQueue extends AbstractBehavior<EvaluationQueue.Command> {

    public sealed interface Command extends CborSerializable {
    }

    /**
     * Evaluate {@code c} on the candidate {@code sourceRef}; the outcome goes to {@code replyTo}.
     * {@code handedOn}: another pool passed it here, so it stays here.
     */
    public record Submit(WorldRef world, String sourceRef, Case c, ActorRef<NodeActor.Command> replyTo,
                         boolean handedOn) implements Command {
        public Submit(WorldRef world, String sourceRef, Case c, ActorRef<NodeActor.Command> replyTo) {
            this(world, sourceRef, c, replyTo, false);
        }
    }

    /** How much work waits at {@code pool}, as it reported. */
    public record Backlog(ActorRef<Command> pool, int queued) implements Command {
    }

    private record PoolsChanged(Receptionist.Listing listing) implements Command, NoSerializationVerificationNeeded {
    }

    private enum ReportBacklog implements Command {
        INSTANCE
    }

    record SlotFree(int worker) implements Command {
    }

    public record GetStats(ActorRef<Stats> replyTo) implements Command {
    }

    /** {@code handedOn}: evaluations this pool gave to another pool. */
    public record Stats(int queued, int inFlight, int capacity, long completed, long handedOn)
            implements CborSerializable {
    }

    private final List<ActorRef<EvaluatorActor.Command>> workers = new ArrayList<>();
    private final int[] free;
    private final int capacity;
    private final int maxQueued;
    private final Deque<Submit> queue = new ArrayDeque<>();
    private final EvaluationCache cache = new EvaluationCache();
    private final Map<ActorRef<Command>, Integer> others = new HashMap<>();
    private long completed;
    private long handedOn;
    private int next;

    public static Behavior<Command> create(WorldRegistry worlds, int workers, int slotsPerWorker, int maxQueued) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(ReportBacklog.INSTANCE, REPORT_EVERY);
            return new EvaluationQueue(ctx, worlds, workers, slotsPerWorker, maxQueued);
        }));
    }

    private static final Duration REPORT_EVERY = Duration.ofMillis(500);

    private EvaluationQueue(ActorContext<Command> ctx, WorldRegistry worlds, int workers, int slotsPerWorker,
                            int maxQueued) {
        super(ctx);
        ctx.getSystem().receptionist().tell(Receptionist.subscribe(EvaluatorRouter.POOLS,
                ctx.messageAdapter(Receptionist.Listing.class, PoolsChanged::new)));
        this.free = new int[workers];
        this.capacity = workers * slotsPerWorker;
        this.maxQueued = maxQueued;
        for (int i = 0; i < workers; i++) {
            this.workers.add(ctx.spawn(EvaluatorActor.create(i, worlds, cache, ctx.getSelf()), "evaluator-" + i));
            free[i] = slotsPerWorker;
        }
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Submit.class, this::onSubmit)
                .onMessage(SlotFree.class, this::onSlotFree)
                .onMessage(GetStats.class, this::onGetStats)
                .onMessage(PoolsChanged.class, this::onPoolsChanged)
                .onMessage(Backlog.class, b -> {
                    others.computeIfPresent(b.pool(), (pool, old) -> b.queued());
                    return this;
                })
                .onMessage(ReportBacklog.class, r -> {
                    others.keySet().forEach(pool -> pool.tell(new Backlog(getContext().getSelf(), queue.size())));
                    return this;
                })
                .build();
    }

    private Behavior<Command> onSubmit(Submit work) {
        var known = cache.get(work.world(), work.sourceRef(), work.c().id());
        if (known.isPresent()) {
            work.replyTo().tell(new NodeActor.CaseEvaluated(known.get(), true));
            return this;
        }
        if (!work.handedOn() && queue.size() >= capacity && handOn(work)) {
            return this;
        }
        if (queue.size() >= maxQueued) {
            work.replyTo().tell(new NodeActor.EvaluationRefused(work.c().id()));
            return this;
        }
        queue.addLast(work);
        dispatch();
        return this;
    }

    /** Gives the work to the least loaded other pool if that one has at least a round less waiting. */
    private boolean handOn(Submit work) {
        Map.Entry<ActorRef<Command>, Integer> least = others.entrySet().stream()
                .min(Map.Entry.comparingByValue()).orElse(null);
        if (least == null || least.getValue() + capacity > queue.size()) {
            return false;
        }
        least.getKey().tell(new Submit(work.world(), work.sourceRef(), work.c(), work.replyTo(), true));
        least.setValue(least.getValue() + 1);
        handedOn++;
        return true;
    }

    private Behavior<Command> onPoolsChanged(PoolsChanged changed) {
        Map<ActorRef<Command>, Integer> known = new HashMap<>(others);
        others.clear();
        for (ActorRef<Command> pool : changed.listing().getServiceInstances(EvaluatorRouter.POOLS)) {
            if (!pool.equals(getContext().getSelf())) {
                others.put(pool, known.getOrDefault(pool, 0));
            }
        }
        return this;
    }

    private Behavior<Command> onSlotFree(SlotFree msg) {
        free[msg.worker()]++;
        completed++;
        dispatch();
        return this;
    }

    private Behavior<Command> onGetStats(GetStats msg) {
        int freeSlots = 0;
        for (int f : free) {
            freeSlots += f;
        }
        msg.replyTo().tell(new Stats(queue.size(), capacity - freeSlots, capacity, completed, handedOn));
        return this;
    }

    private void dispatch() {
        while (!queue.isEmpty()) {
            int worker = nextWorkerWithSlot();
            if (worker < 0) {
                return;
            }
            free[worker]--;
            workers.get(worker).tell(new EvaluatorActor.Evaluate(queue.removeFirst()));
        }
    }

    private int nextWorkerWithSlot() {
        for (int i = 0; i < free.length; i++) {
            int w = (next + i) % free.length;
            if (free[w] > 0) {
                next = (w + 1) % free.length;
                return w;
            }
        }
        return -1;
    }
}
