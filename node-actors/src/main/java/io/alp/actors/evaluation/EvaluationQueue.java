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

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The front of a node's pool of {@link EvaluatorActor}s: case evaluations wait here and go to a worker as soon as
 * one has a free slot, so no worker idles while work waits and no round waits for another. When the queue is
 * full, work is refused ({@link NodeActor.EvaluationRefused}) and its node retries later: back-pressure.
 */
public final class EvaluationQueue extends AbstractBehavior<EvaluationQueue.Command> {

    public sealed interface Command extends CborSerializable {
    }

    /** Evaluate {@code c} on the candidate {@code sourceRef}; the outcome goes to {@code replyTo}. */
    public record Submit(WorldRef world, String sourceRef, Case c, ActorRef<NodeActor.Command> replyTo)
            implements Command {
    }

    record SlotFree(int worker) implements Command {
    }

    public record GetStats(ActorRef<Stats> replyTo) implements Command {
    }

    public record Stats(int queued, int inFlight, int capacity, long completed) implements CborSerializable {
    }

    private final List<ActorRef<EvaluatorActor.Command>> workers = new ArrayList<>();
    private final int[] free;
    private final int capacity;
    private final int maxQueued;
    private final Deque<Submit> queue = new ArrayDeque<>();
    private final EvaluationCache cache = new EvaluationCache();
    private long completed;
    private int next;

    public static Behavior<Command> create(WorldRegistry worlds, int workers, int slotsPerWorker, int maxQueued) {
        return Behaviors.setup(ctx -> new EvaluationQueue(ctx, worlds, workers, slotsPerWorker, maxQueued));
    }

    private EvaluationQueue(ActorContext<Command> ctx, WorldRegistry worlds, int workers, int slotsPerWorker,
                            int maxQueued) {
        super(ctx);
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
                .build();
    }

    private Behavior<Command> onSubmit(Submit work) {
        var known = cache.get(work.world(), work.sourceRef(), work.c().id());
        if (known.isPresent()) {
            work.replyTo().tell(new NodeActor.CaseEvaluated(known.get(), true));
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
        msg.replyTo().tell(new Stats(queue.size(), capacity - freeSlots, capacity, completed));
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
