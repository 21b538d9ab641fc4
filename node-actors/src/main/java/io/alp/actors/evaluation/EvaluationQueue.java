package io.alp.actors.evaluation;

import io.alp.actors.CborSerializable;
import io.alp.actors.runtime.WorldRegistry;
import io.alp.engine.evaluation.EvaluationCache;
import io.alp.engine.model.Case;
import io.alp.engine.model.Outcome;
import io.alp.engine.model.WorldRef;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The front of a node's pool of {@link EvaluatorActor}s. Work is pulled, not pushed: a requester (a tree node)
 * {@link Offer}s how many cases it has waiting and keeps them; whenever the pool has free slots it {@link Pull}s
 * that many from the requesters in the order they offered, and the requester answers with the cases
 * ({@link Work}). The pool keeps a little more than its slots pulled ahead, so a slot that frees is refilled at
 * once and no slot idles while work waits anywhere; nothing is refused and nothing is retried on a timer.
 * <p>
 * An offer is {@code spare} when the requester's own pool is another one: such offers are pulled only when this
 * pool has no other work, so work stays on the cluster node that asked for it (no serialization) until an idle
 * pool elsewhere takes some. A requester that does not answer a pull within {@link #PULL_TIMEOUT} (its cluster
 * node died) is forgotten; it offers again if it is still there.
 */
public final class EvaluationQueue extends AbstractBehavior<EvaluationQueue.Command> {

    // ---- protocol: what requesters and the router send the pool -----------------------------------------------

    public sealed interface Command extends CborSerializable {
    }

    /**
     * {@code from} has {@code cases} cases waiting (all of them, not more than before); pulls and answers go to
     * {@code from}. Offering again updates the count and keeps the requester's place.
     */
    public record Offer(ActorRef<Reply> from, int cases, boolean spare) implements Command {
    }

    /**
     * The answer to a {@link Pull} of {@code asked} cases: {@code cases} (possibly fewer, or none) to evaluate on
     * the candidate {@code sourceRef} of {@code world}, and how many cases {@code from} still has waiting. Cases
     * too big for one message between cluster nodes come first in messages that settle nothing ({@code asked} 0);
     * see {@link #answer}.
     */
    public record Work(ActorRef<Reply> from, int asked, WorldRef world, String sourceRef, List<Case> cases,
                       int remaining) implements Command {
        public Work {
            cases = List.copyOf(cases);
        }
    }

    /** Roughly how many characters of cases one {@link Work} carries, well below the remote transport's frame. */
    static final int WORK_CHARS = 64 * 1024;

    /** Answers {@code pull} with {@code cases}, in as many {@link Work} messages as their size needs. */
    public static void answer(Pull pull, ActorRef<Reply> from, WorldRef world, String sourceRef, List<Case> cases,
                              int remaining) {
        List<Case> chunk = new ArrayList<>();
        int chars = 0;
        for (Case c : cases) {
            int size = size(c);
            if (!chunk.isEmpty() && chars + size > WORK_CHARS) {
                pull.pool().tell(new Work(from, 0, world, sourceRef, chunk, remaining));
                chunk = new ArrayList<>();
                chars = 0;
            }
            chunk.add(c);
            chars += size;
        }
        pull.pool().tell(new Work(from, pull.max(), world, sourceRef, chunk, remaining));
    }

    private static int size(Case c) {
        int size = 64 + c.id().length() + c.input().length();
        for (Map.Entry<String, String> a : c.attributes().entrySet()) {
            size += 16 + a.getKey().length() + a.getValue().length();
        }
        return size;
    }

    /** One (candidate, case) evaluation, as the pool hands it to a worker. */
    record Job(WorldRef world, String sourceRef, Case c) implements CborSerializable {
    }

    public record GetStats(ActorRef<Stats> replyTo) implements Command {
    }

    /**
     * @param offered   cases requesters have waiting for this pool (as they last said, less what was pulled since)
     * @param buffered  cases pulled, waiting for a slot
     * @param completed evaluations this pool's workers finished
     */
    public record Stats(int offered, int buffered, int inFlight, int capacity, long completed)
            implements CborSerializable {
    }

    record SlotFree(int worker) implements Command {
    }

    private enum ExpirePulls implements Command {
        INSTANCE
    }

    // ---- protocol: what the pool sends requesters ----------------------------------------------------------

    public sealed interface Reply extends CborSerializable {
    }

    /** Send up to {@code max} waiting cases to {@code pool}, as {@link Work}. */
    public record Pull(int max, ActorRef<Command> pool) implements Reply {
    }

    /** @param cached answered from the evaluation cache: nothing was spent on it */
    public record Evaluated(Outcome outcome, boolean cached) implements Reply {
    }

    /** The case could not be evaluated (the runner or judge failed), with the reason. */
    public record Failed(String caseId, String error) implements Reply {
    }

    // ---- behaviour ------------------------------------------------------------------------------------------

    /** A requester that has not answered a pull for this long is taken for gone. */
    static final Duration PULL_TIMEOUT = Duration.ofSeconds(5);
    /** The most cases asked of one requester at once: a pull and its answer stay small messages. */
    static final int MAX_PULL = 100;
    /**
     * A spare offer not renewed for this long is dropped: a busy pool would otherwise keep one for every tree node
     * of the cluster. A requester still waiting offers again when no pool has pulled from it for a while.
     */
    static final Duration SPARE_OFFER_TTL = Duration.ofSeconds(90);

    /** What the pool knows of one requester. */
    private static final class Requester {
        int available;
        int asked;
        long askedAtNanos;
        long offeredAtNanos;
    }

    private record Pending(Job job, ActorRef<Reply> replyTo) {
    }

    private final List<ActorRef<EvaluatorActor.Command>> workers = new ArrayList<>();
    private final int[] free;
    private final int capacity;
    /** Slots plus what is pulled ahead of them. */
    private final int target;
    private final Map<ActorRef<Reply>, Requester> own = new LinkedHashMap<>();
    private final Map<ActorRef<Reply>, Requester> spare = new LinkedHashMap<>();
    private final Deque<Pending> buffer = new ArrayDeque<>();
    private final EvaluationCache cache = new EvaluationCache();
    private int inFlight;
    private int asked;
    private long completed;
    private int next;

    public static Behavior<Command> create(WorldRegistry worlds, int workers, int slotsPerWorker) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(ExpirePulls.INSTANCE, PULL_TIMEOUT.dividedBy(5));
            return new EvaluationQueue(ctx, worlds, workers, slotsPerWorker);
        }));
    }

    private EvaluationQueue(ActorContext<Command> ctx, WorldRegistry worlds, int workers, int slotsPerWorker) {
        super(ctx);
        this.free = new int[workers];
        this.capacity = workers * slotsPerWorker;
        this.target = capacity + Math.max(1, capacity / 4);
        for (int i = 0; i < workers; i++) {
            this.workers.add(ctx.spawn(EvaluatorActor.create(i, worlds, cache, ctx.getSelf()), "evaluator-" + i));
            free[i] = slotsPerWorker;
        }
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Offer.class, this::onOffer)
                .onMessage(Work.class, this::onWork)
                .onMessage(SlotFree.class, this::onSlotFree)
                .onMessage(GetStats.class, this::onGetStats)
                .onMessage(ExpirePulls.class, e -> onExpirePulls())
                .build();
    }

    private Behavior<Command> onOffer(Offer offer) {
        Map<ActorRef<Reply>, Requester> list = offer.spare() ? spare : own;
        Requester r = own.containsKey(offer.from()) ? own.get(offer.from())
                : list.computeIfAbsent(offer.from(), ref -> new Requester());
        r.available = Math.max(0, offer.cases() - r.asked);
        r.offeredAtNanos = System.nanoTime();
        pull();
        return this;
    }

    private Behavior<Command> onWork(Work work) {
        Requester r = requester(work.from());
        if (r == null && work.remaining() > 0) {
            // answered after it was taken for gone: it is there after all
            r = new Requester();
            own.put(work.from(), r);
        }
        if (r != null) {
            int answered = Math.min(work.asked(), r.asked);
            r.asked -= answered;
            asked -= answered;
            r.available = Math.max(0, work.remaining() - r.asked);
            if (r.available == 0 && r.asked == 0) {
                own.remove(work.from());
                spare.remove(work.from());
            }
        }
        for (Case c : work.cases()) {
            Job job = new Job(work.world(), work.sourceRef(), c);
            var known = cache.get(job.world(), job.sourceRef(), job.c().id());
            if (known.isPresent()) {
                work.from().tell(new Evaluated(known.get(), true));
            } else {
                buffer.addLast(new Pending(job, work.from()));
            }
        }
        dispatch();
        pull();
        return this;
    }

    private Behavior<Command> onSlotFree(SlotFree msg) {
        free[msg.worker()]++;
        inFlight--;
        completed++;
        dispatch();
        pull();
        return this;
    }

    /** Forgets requesters that did not answer a pull in time, and what was asked of them; and stale spare offers. */
    private Behavior<Command> onExpirePulls() {
        long now = System.nanoTime();
        for (Map<ActorRef<Reply>, Requester> list : List.of(own, spare)) {
            for (Iterator<Requester> it = list.values().iterator(); it.hasNext(); ) {
                Requester r = it.next();
                if (r.asked > 0 && now - r.askedAtNanos > PULL_TIMEOUT.toNanos()) {
                    asked -= r.asked;
                    it.remove();
                } else if (list == spare && r.asked == 0 && now - r.offeredAtNanos > SPARE_OFFER_TTL.toNanos()) {
                    it.remove();
                }
            }
        }
        pull();
        return this;
    }

    private Behavior<Command> onGetStats(GetStats msg) {
        int offered = own.values().stream().mapToInt(r -> r.available).sum()
                + spare.values().stream().mapToInt(r -> r.available).sum();
        msg.replyTo().tell(new Stats(offered, buffer.size(), inFlight, capacity, completed));
        return this;
    }

    private Requester requester(ActorRef<Reply> ref) {
        Requester r = own.get(ref);
        return r != null ? r : spare.get(ref);
    }

    /** Asks requesters, own offers first and in the order they came, for as much as the pool lacks. */
    private void pull() {
        int wanted = target - inFlight - buffer.size() - asked;
        for (Map<ActorRef<Reply>, Requester> list : List.of(own, spare)) {
            for (Map.Entry<ActorRef<Reply>, Requester> e : list.entrySet()) {
                if (wanted <= 0) {
                    return;
                }
                Requester r = e.getValue();
                while (wanted > 0 && r.available > 0) {
                    int n = Math.min(Math.min(wanted, r.available), MAX_PULL);
                    r.available -= n;
                    r.asked += n;
                    r.askedAtNanos = System.nanoTime();
                    asked += n;
                    wanted -= n;
                    e.getKey().tell(new Pull(n, getContext().getSelf()));
                }
            }
        }
    }

    private void dispatch() {
        while (!buffer.isEmpty()) {
            int worker = nextWorkerWithSlot();
            if (worker < 0) {
                return;
            }
            free[worker]--;
            inFlight++;
            Pending p = buffer.removeFirst();
            workers.get(worker).tell(new EvaluatorActor.Evaluate(p.job(), p.replyTo()));
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
