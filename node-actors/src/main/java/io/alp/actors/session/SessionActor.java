package io.alp.actors.session;

import io.alp.actors.CborSerializable;
import io.alp.actors.ConsoleWarnings;
import io.alp.actors.JournalFailures;
import io.alp.actors.frontier.FrontierActor;
import io.alp.actors.journal.LegacyEvents;
import io.alp.actors.journal.Upcasting;
import io.alp.actors.node.NodeActor;
import io.alp.actors.node.NodeProtocol;
import io.alp.actors.runtime.AlpRuntime;
import io.alp.actors.runtime.Roles;
import io.alp.engine.evaluation.EvaluationAllowance;
import io.alp.engine.frontier.FrontierTracker;
import io.alp.engine.frontier.FrontierUpdate;
import io.alp.engine.frontier.ScoredNode;
import io.alp.engine.model.Dataset;
import io.alp.engine.model.DatasetRef;
import io.alp.engine.model.WorldRef;
import io.alp.engine.model.Score;
import io.alp.engine.port.ProposalBatch;
import io.alp.engine.port.World;
import io.alp.engine.report.SessionSummary;
import io.alp.engine.search.ChildSpec;
import io.alp.engine.search.Decision;
import io.alp.engine.search.LocalSearch;
import io.alp.engine.search.Racing;
import io.alp.engine.search.Reflections;
import io.alp.engine.search.Round;
import io.alp.engine.search.RoundKind;
import io.alp.engine.search.SearchState;
import io.alp.engine.search.StopReason;
import io.alp.engine.tree.NodeStatus;
import io.alp.engine.tree.SearchTree;
import io.alp.engine.tree.TreeNode;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.EventAdapter;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.Set;

/**
 * One optimization session, a sharded event-sourced entity. It owns the session's config, frozen dataset, budget
 * ledger and rounds (all inside the engine's {@link SearchState}), decides what to start next, and supervises the
 * search: it asks parents to expand, tells children to evaluate, reserves budget before any evaluation is
 * dispatched, and stops on the budget or a stalled frontier. Every decision and result is an event, so a session
 * that crashed resumes where its journal ends.
 */
public final class SessionActor
        extends EventSourcedBehavior<SessionActor.Command, SessionActor.Event, SessionActor.State> {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Session");
    /**
     * Where the number of events between two snapshots of a session's state ({@link SessionSnapshot}) is set, 0 for
     * none: recovering a long session then reads the last snapshot and at most this many events after it. Events are
     * kept: journal readers and reports replay them.
     */
    static final String SNAPSHOT_EVERY = "alp.session.snapshot-every";

    /**
     * Sessions are remembered entities: after a crash or a move they restart by themselves and resume. A finished
     * session passivates, which also forgets it, so old sessions are not restarted with every node.
     */
    public static void initSharding(ActorSystem<?> system, AlpRuntime runtime) {
        ClusterSharding.get(system).init(Entity.of(TYPE_KEY, ctx -> create(ctx.getEntityId(), runtime, ctx.getShard()))
                .withSettings(ClusterShardingSettings.create(system).withRememberEntities(true))
                .withRole(Roles.SESSIONS));
    }

    public static EntityRef<Command> ref(ActorSystem<?> system, String sessionId) {
        return ClusterSharding.get(system).entityRefFor(TYPE_KEY, sessionId);
    }

    /** @param shard the owning shard, told to passivate the session when it finishes; null outside sharding */
    public static Behavior<Command> create(String sessionId, AlpRuntime runtime,
                                           ActorRef<ClusterSharding.ShardCommand> shard) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new SessionActor(sessionId, runtime, ctx, timers,
                shard)));
    }

    // ---- protocol -------------------------------------------------------------------------------------------

    public sealed interface Command extends CborSerializable {
    }

    /**
     * Starts a session on {@code dataset}, a dataset frozen from traffic; when it is null, the session samples
     * its cases from its world.
     */
    public record Start(SessionSpec spec, Dataset dataset, ActorRef<StatusReply<SessionSummary>> replyTo)
            implements Command {
        public Start(SessionSpec spec, ActorRef<StatusReply<SessionSummary>> replyTo) {
            this(spec, null, replyTo);
        }
    }

    /** Continue a session that was interrupted; a finished session just reports itself. */
    public record Resume(ActorRef<StatusReply<SessionSummary>> replyTo) implements Command {
    }

    public record Stop(ActorRef<StatusReply<SessionSummary>> replyTo) implements Command {
    }

    public record GetSummary(ActorRef<StatusReply<SessionSummary>> replyTo) implements Command {
    }

    public record ProposalsReady(String roundId, ProposalBatch batch) implements Command {
    }

    public record ProposalFailed(String roundId, String reason, double costUsd) implements Command {
    }

    /**
     * A materialized node asks to be admitted for evaluation: the session reserves its cases at the parent's
     * measured cost ({@link io.alp.engine.evaluation.EvaluationAllowance}).
     *
     * @param capPerCaseUsd the most one of its cases can cost
     */
    public record ReserveEvaluation(String nodeId, String sourceRef, int cases, double capPerCaseUsd,
                                    double materializeCostUsd, List<Integer> skippedParts) implements Command {

        /** Every case at the cap: the most the evaluation can cost. */
        public double worstCaseUsd() {
            return cases * capPerCaseUsd;
        }
    }

    /**
     * A running evaluation asks for its reservation to be raised to {@code wantedUsd}, to have its waiting cases out
     * at the per-case cap; {@code inFlight} cases are out meanwhile.
     */
    public record RaiseEvaluation(String nodeId, double wantedUsd, int inFlight) implements Command {
    }

    public record NodeEditFailed(String nodeId, String reason, double materializeCostUsd) implements Command {
    }

    /** Staged evaluation stopped the node after a minibatch. */
    public record NodeRejected(String nodeId, String reason, double evaluationCostUsd) implements Command {
    }

    public record NodeScored(String nodeId, Score score, String sourceRef, double evaluationCostUsd, String passMask)
            implements Command {
    }

    public record FrontierChanged(FrontierUpdate update) implements Command {
    }

    private record Plan(String why) implements Command {
    }

    /**
     * Periodic while the session runs: when nothing was journaled for a whole period, work may have been lost
     * with a cluster node that died (a NodeActor or an evaluation in flight there), so every pending piece is
     * sent again, as after recovery. Each step it reaches is idempotent.
     */
    private enum Watchdog implements Command {
        INSTANCE
    }

    public sealed interface Event extends CborSerializable {
    }

    /**
     * How the session was started: its spec with the world as the user gave it (the one event that holds the
     * definition; all others refer to it by hash) and its frozen dataset by id (version 3 of this event; version 1
     * embedded the cases, see {@link LegacyEvents.SessionStartedV1}; versions 1 and 2 kept the spec's budget and
     * search config apart, see {@link io.alp.actors.journal.JournalMigrations.SessionStarted}), and the
     * {@linkplain FrontierTracker#RULES frontier rules} it runs under (null in rows written before they were recorded).
     */
    public record SessionStarted(SessionSpec spec, DatasetRef dataset, String worldLabel, boolean simulated,
                                 double roundReserveUsd, double compoundReserveUsd, Integer frontierRules)
            implements Event {
    }

    public record ExpansionOpened(Decision.Expand decision) implements Event {
    }

    public record CompoundOpened(Decision.Compound decision) implements Event {
    }

    /** @param failure why the proposer gave no edits (e.g. malformed replies), or null */
    public record ProposalsReceived(String roundId, double costUsd, List<ChildSpec> children, String failure)
            implements Event {
    }

    /**
     * @param skippedParts the parts of the node's combined edit that could not be applied (none in events written
     *                     before they were recorded)
     * @param sourceRef    the candidate to be evaluated (null in events written before it was recorded here)
     */
    public record EvaluationReserved(String nodeId, double amountUsd, double materializeCostUsd,
                                     List<Integer> skippedParts, String sourceRef) implements Event {
        public EvaluationReserved {
            skippedParts = skippedParts == null ? List.of() : List.copyOf(skippedParts);
        }
    }

    public record EvaluationRaised(String nodeId, double totalUsd) implements Event {
    }

    public record EvaluationDenied(String nodeId, double materializeCostUsd) implements Event {
    }

    /**
     * The node's candidate is the one {@code scoredId} was scored on: it is skipped, not evaluated again.
     *
     * @param skippedParts the parts of the node's combined edit that could not be applied
     */
    public record SameCandidateFound(String nodeId, String scoredId, double materializeCostUsd,
                                     List<Integer> skippedParts) implements Event {
        public SameCandidateFound {
            skippedParts = skippedParts == null ? List.of() : List.copyOf(skippedParts);
        }
    }

    public record EditFailed(String nodeId, String reason, double materializeCostUsd) implements Event {
    }

    public record Scored(String nodeId, Score score, String sourceRef, double evaluationCostUsd, String passMask)
            implements Event {
    }

    public record Rejected(String nodeId, String reason, double evaluationCostUsd) implements Event {
    }

    public record FrontierUpdated(FrontierUpdate update) implements Event {
    }

    public record StopRequested(StopReason reason) implements Event {
    }

    public sealed interface State {
    }

    public record Empty() implements State {
    }

    /** A started session: how it was started and the engine's search state, rebuilt from the events. */
    public record Active(SessionStarted started, SearchState search) implements State {
        public SessionSummary summary() {
            SessionSpec spec = started.spec();
            return SessionSummary.of(spec.id(), spec.name(), started.worldLabel(), started.simulated(),
                    started.dataset().id(), started.dataset().size(), search);
        }
    }

    /** The event handler as a plain function, shared with the journal readers that rebuild sessions. */
    public static State apply(State state, Event event) {
        if (event instanceof SessionStarted e) {
            SessionSpec spec = e.spec();
            SearchState search = new SearchState(spec.optimizer(), spec.seed(), e.roundReserveUsd(),
                    e.compoundReserveUsd());
            return new Active(e, search);
        }
        SearchState s = ((Active) state).search();
        if (event instanceof ExpansionOpened e) {
            s.expansionOpened(e.decision());
        } else if (event instanceof CompoundOpened e) {
            s.compoundOpened(e.decision());
        } else if (event instanceof ProposalsReceived e) {
            s.proposalsReceived(e.roundId(), e.costUsd(), e.children());
        } else if (event instanceof EvaluationReserved e) {
            s.evaluationReserved(e.nodeId(), e.amountUsd(), e.materializeCostUsd(), e.skippedParts(), e.sourceRef());
        } else if (event instanceof EvaluationRaised e) {
            s.evaluationRaised(e.nodeId(), e.totalUsd());
        } else if (event instanceof EvaluationDenied e) {
            s.evaluationDenied(e.nodeId(), e.materializeCostUsd());
        } else if (event instanceof SameCandidateFound e) {
            s.sameCandidateFound(e.nodeId(), e.scoredId(), e.materializeCostUsd(), e.skippedParts());
        } else if (event instanceof EditFailed e) {
            s.editFailed(e.nodeId(), e.reason(), e.materializeCostUsd());
        } else if (event instanceof Scored e) {
            s.nodeScored(e.nodeId(), e.score(), e.sourceRef(), e.evaluationCostUsd(), e.passMask());
        } else if (event instanceof Rejected e) {
            s.nodeRejected(e.nodeId(), e.reason(), e.evaluationCostUsd());
        } else if (event instanceof FrontierUpdated e) {
            s.frontierUpdated(e.update());
        } else if (event instanceof StopRequested e) {
            s.stopRequested(e.reason());
        }
        return state;
    }

    // ---- behaviour ------------------------------------------------------------------------------------------

    private final String sessionId;
    private final AlpRuntime runtime;
    private final ActorContext<Command> ctx;
    private final Set<String> awaitingFrontier = new HashSet<>();
    private final ActorRef<ClusterSharding.ShardCommand> shard;
    private final TimerScheduler<Command> timers;
    private final Duration redriveAfter;
    private final int snapshotEvery;
    private ActorRef<FrontierActor.Command> frontier;
    private WorldRef worldRef;
    private final ActorRef<FrontierActor.Changed> frontierChanges;
    private int frontiers;
    private long journaledAtLastCheck = -1;
    /** Reservations asked for while an earlier sibling was unsettled; not journaled (nodes ask again). */
    private final Map<String, ReserveEvaluation> waitingReservations = new TreeMap<>();
    /** Raises and admissions that wait for money other evaluations hold; not journaled (nodes ask again). */
    private final Map<String, RaiseEvaluation> waitingRaises = new TreeMap<>();

    private SessionActor(String sessionId, AlpRuntime runtime, ActorContext<Command> ctx,
                         TimerScheduler<Command> timers, ActorRef<ClusterSharding.ShardCommand> shard) {
        super(PersistenceId.of(TYPE_KEY.name(), sessionId), JournalFailures.RESTART);
        this.sessionId = sessionId;
        this.runtime = runtime;
        this.ctx = ctx;
        this.shard = shard;
        this.timers = timers;
        this.redriveAfter = ctx.getSystem().settings().config().getDuration("alp.session.redrive-after");
        this.snapshotEvery = ctx.getSystem().settings().config().getInt(SNAPSHOT_EVERY);
        if (snapshotEvery < 0) {
            throw new IllegalArgumentException(SNAPSHOT_EVERY + " must be 0 (no snapshots) or more, not "
                    + snapshotEvery);
        }
        this.frontierChanges = ctx.messageAdapter(FrontierActor.Changed.class, c -> new FrontierChanged(c.update()));
    }

    @Override
    public State emptyState() {
        return new Empty();
    }

    @Override
    public EventHandler<State, Event> eventHandler() {
        return (state, event) -> apply(state, event);
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return snapshotEvery == 0 ? RetentionCriteria.disabled() : RetentionCriteria.snapshotEvery(snapshotEvery, 2);
    }

    @Override
    public SnapshotAdapter<State> snapshotAdapter() {
        return SessionSnapshot.adapter();
    }

    @Override
    public EventAdapter<Event, ?> eventAdapter() {
        return new Upcasting<>(Event.class, new LegacyEvents.Sinks(runtime.worlds()::register,
                runtime.datasets()::register));
    }

    @Override
    public SignalHandler<State> signalHandler() {
        return newSignalHandlerBuilder()
                .onSignal(RecoveryCompleted.instance(), state -> {
                    forgetWorkInFlight();
                    if (state instanceof Active a) {
                        worldRef = runtime.worlds().register(a.started().spec().world());
                    }
                    if (state instanceof Active a && !a.search().finished()) {
                        ctx.getLog().info("session {} recovered with {} nodes; resuming", sessionId,
                                a.search().tree().size());
                        restoreFrontier(a);
                        resendPending(a);
                        plan("recovered");
                        watch();
                    } else if (state instanceof Active) {
                        passivate();
                    }
                })
                .build();
    }

    @Override
    public CommandHandler<Command, Event, State> commandHandler() {
        var b = newCommandHandlerBuilder();
        b.forStateType(Empty.class)
                .onCommand(Start.class, this::onStart)
                .onCommand(Resume.class, (s, c) -> unknown(c.replyTo()))
                .onCommand(Stop.class, (s, c) -> unknown(c.replyTo()))
                .onCommand(GetSummary.class, (s, c) -> unknown(c.replyTo()))
                .onAnyCommand(c -> Effect().none());
        b.forStateType(Active.class)
                .onCommand(Start.class, (s, c) -> {
                    c.replyTo().tell(StatusReply.error("session " + sessionId + " already exists"));
                    return Effect().none();
                })
                .onCommand(Resume.class, (s, c) -> {
                    c.replyTo().tell(StatusReply.success(s.summary()));
                    return Effect().none();
                })
                .onCommand(GetSummary.class, (s, c) -> {
                    c.replyTo().tell(StatusReply.success(s.summary()));
                    return Effect().none();
                })
                .onCommand(Stop.class, (s, c) -> Effect()
                        .persist(new StopRequested(StopReason.STOPPED_BY_USER))
                        .thenRun(st -> c.replyTo().tell(StatusReply.success(((Active) st).summary()))))
                .onCommand(Plan.class, this::onPlan)
                .onCommand(Watchdog.class, (s, c) -> onWatchdog(s))
                .onCommand(ProposalsReady.class, (s, c) -> onProposals(s, c.roundId(), c.batch(), null))
                .onCommand(ProposalFailed.class, (s, c) -> {
                    ctx.getLog().warn("session {} round {}: proposer failed: {}", sessionId, c.roundId(), c.reason());
                    ConsoleWarnings.warn("proposer", "session " + sessionId + " round " + c.roundId()
                            + ": the proposer failed: " + c.reason());
                    return onProposals(s, c.roundId(), new ProposalBatch(List.of(), c.costUsd()), c.reason());
                })
                .onCommand(ReserveEvaluation.class, this::onReserve)
                .onCommand(RaiseEvaluation.class, this::onRaise)
                .onCommand(NodeEditFailed.class, (s, c) -> {
                    if (!pending(s, c.nodeId())) {
                        return Effect().none();
                    }
                    ConsoleWarnings.warn("worker", "session " + sessionId + " node " + c.nodeId()
                            + ": the edit could not be made: " + c.reason());
                    return Effect().persist(new EditFailed(c.nodeId(), c.reason(), c.materializeCostUsd()))
                            .thenRun(st -> {
                                askWaitingAgain();
                                plan("edit failed");
                            });
                })
                .onCommand(NodeRejected.class, (s, c) -> pending(s, c.nodeId())
                        ? Effect().persist(new Rejected(c.nodeId(), c.reason(), c.evaluationCostUsd()))
                        .thenRun(st -> {
                            askWaitingAgain();
                            plan("node rejected");
                            logIfFinished((Active) st);
                        })
                        : Effect().none())
                .onCommand(NodeScored.class, this::onScored)
                .onCommand(FrontierChanged.class, this::onFrontierChanged);
        return b.build();
    }

    private Effect<Event, State> onStart(Empty s, Start c) {
        SessionSpec spec = c.spec();
        SessionStarted started;
        try {
            // what the events will refer to is stored first, so that every reference resolves
            worldRef = runtime.worlds().register(spec.world());
            World world = runtime.worlds().world(worldRef);
            Dataset dataset = c.dataset() != null ? c.dataset() : Dataset.freeze(world.cases().describe(),
                    world.cases().sample(spec.datasetSize(), spec.seed()));
            started = new SessionStarted(spec, runtime.datasets().register(dataset), world.label(), world.simulated(),
                    LocalSearch.roundReserveUsd(world, spec.optimizer().search()),
                    world.materializer().maxCostUsd(), FrontierTracker.RULES);
        } catch (RuntimeException e) {
            c.replyTo().tell(StatusReply.error("session " + spec.id() + " cannot start: " + e.getMessage()));
            return Effect().none();
        }
        return Effect().persist(started).thenRun(st -> {
            Active a = (Active) st;
            evaluate(a, SearchTree.ROOT);
            watch();
            c.replyTo().tell(StatusReply.success(a.summary()));
        });
    }

    private Effect<Event, State> onPlan(Active s, Plan c) {
        Optional<Decision> next = s.search().plan();
        if (next.isEmpty()) {
            return Effect().none();
        }
        Decision d = next.get();
        if (d instanceof Decision.Expand e) {
            return Effect().persist(new ExpansionOpened(e)).thenRun(st -> {
                expand((Active) st, e);
                plan("expansion opened");
            });
        }
        if (d instanceof Decision.Compound e) {
            return Effect().persist(new CompoundOpened(e)).thenRun(st -> {
                evaluate((Active) st, e.childId());
                plan("compound opened");
            });
        }
        Decision.Stop stop = (Decision.Stop) d;
        ctx.getLog().info("session {} stops: {}", sessionId, stop.reason().description());
        return Effect().persist(new StopRequested(stop.reason())).thenRun(st -> logIfFinished((Active) st));
    }

    private Effect<Event, State> onProposals(Active s, String roundId, ProposalBatch batch, String failure) {
        Round round = s.search().rounds().stream().filter(r -> r.id().equals(roundId)).findFirst().orElse(null);
        if (round == null || round.proposed()) {
            return Effect().none();
        }
        List<ChildSpec> children = s.search().children(round.parentId(), batch.edits(), round.goal());
        return Effect().persist(new ProposalsReceived(roundId, batch.costUsd(), children, failure)).thenRun(st -> {
            children.forEach(child -> evaluate((Active) st, child.nodeId()));
            plan("proposals received");
        });
    }

    private Effect<Event, State> onReserve(Active s, ReserveEvaluation c) {
        SearchState search = s.search();
        EntityRef<NodeProtocol.Command> node = NodeActor.ref(ctx.getSystem(), sessionId, c.nodeId());
        String reservation = SearchState.evaluationReservation(c.nodeId());
        if (search.ledger().isOpen(reservation)) {
            node.tell(new NodeProtocol.ReservationGranted(search.ledger().reservedUsd(reservation)));
            return Effect().none();
        }
        if (!pending(s, c.nodeId())) {
            if (search.tree().get(c.nodeId()).status() == NodeStatus.SKIPPED) {
                node.tell(new NodeProtocol.ReservationDenied(search.tree().get(c.nodeId()).failure()));
            }
            return Effect().none();
        }
        Optional<String> same = search.scoredSameCandidate(c.sourceRef());
        if (same.isPresent()) {
            return skip(new SameCandidateFound(c.nodeId(), same.get(), c.materializeCostUsd(), c.skippedParts()),
                    c.nodeId(), node);
        }
        if (search.evaluatingSameCandidate(c.nodeId(), c.sourceRef()).isPresent()) {
            // reached by another path while that one is evaluated: asked again once it is settled
            waitingReservations.put(c.nodeId(), c);
            return Effect().none();
        }
        if (search.reservationWaits(c.nodeId())) {
            // asked again once an earlier sibling is settled (or by the watchdog after a restart)
            waitingReservations.put(c.nodeId(), c);
            return Effect().none();
        }
        double amount = search.admissionUsd(c.nodeId(), new EvaluationAllowance(c.capPerCaseUsd()), c.cases());
        if (search.canReserve(amount)) {
            return Effect().persist(new EvaluationReserved(c.nodeId(), amount, c.materializeCostUsd(),
                            c.skippedParts(), c.sourceRef()))
                    .thenRun(st -> {
                        node.tell(new NodeProtocol.ReservationGranted(amount));
                        askWaitingAgain();
                    });
        }
        if (othersAtWork(search, c.nodeId())) {
            // running evaluations hold money for cases at the cap that mostly comes back when they settle
            waitingReservations.put(c.nodeId(), c);
            return Effect().none();
        }
        return skip(new EvaluationDenied(c.nodeId(), c.materializeCostUsd()), c.nodeId(), node);
    }

    /**
     * Persists that a node will not be evaluated ({@code skipped} marks it skipped in the tree), then tells the node
     * why, with the reason the tree records: the same words whether it asks now or again after a restart.
     */
    private Effect<Event, State> skip(Event skipped, String nodeId, EntityRef<NodeProtocol.Command> node) {
        return Effect().persist(skipped).thenRun(st -> {
            String why = ((Active) st).search().tree().get(nodeId).failure();
            node.tell(new NodeProtocol.ReservationDenied(why));
            askWaitingAgain();
            plan(nodeId + " skipped: " + why);
            logIfFinished((Active) st);
        });
    }

    /** Raises a running evaluation's reservation by what is left, waits for money others hold, or says no. */
    private Effect<Event, State> onRaise(Active s, RaiseEvaluation c) {
        SearchState search = s.search();
        String reservation = SearchState.evaluationReservation(c.nodeId());
        if (!search.ledger().isOpen(reservation)) {
            return Effect().none();
        }
        EntityRef<NodeProtocol.Command> node = NodeActor.ref(ctx.getSystem(), sessionId, c.nodeId());
        double held = search.ledger().reservedUsd(reservation);
        double total = Math.min(c.wantedUsd(), search.raisableUsd(c.nodeId()));
        if (total > held) {
            waitingRaises.remove(c.nodeId());
            return Effect().persist(new EvaluationRaised(c.nodeId(), total))
                    .thenRun(st -> node.tell(new NodeProtocol.ReservationGranted(total)));
        }
        waitingRaises.put(c.nodeId(), c);
        if (c.inFlight() == 0 && !othersAtWork(search, c.nodeId())) {
            waitingRaises.remove(c.nodeId());
            node.tell(new NodeProtocol.ReservationDenied("the session's budget is spent"));
        }
        return Effect().none();
    }

    /**
     * Whether another evaluation is at work and will settle, giving back what it holds: one with an open
     * reservation that is not waiting for a raise with nothing out.
     */
    private boolean othersAtWork(SearchState search, String nodeId) {
        return search.evaluating().stream().anyMatch(id -> !id.equals(nodeId)
                && (!waitingRaises.containsKey(id) || waitingRaises.get(id).inFlight() > 0));
    }

    private Effect<Event, State> onScored(Active s, NodeScored c) {
        TreeNode node = s.search().tree().get(c.nodeId());
        if (node.score() != null) {
            if (!node.settled()) {
                addToFrontier(node);
            }
            return Effect().none();
        }
        if (!s.search().ledger().isOpen(SearchState.evaluationReservation(c.nodeId()))) {
            ctx.getLog().error("session {}: node {} reported a score without a reservation; ignored", sessionId,
                    c.nodeId());
            return Effect().none();
        }
        return Effect().persist(new Scored(c.nodeId(), c.score(), c.sourceRef(), c.evaluationCostUsd(), c.passMask()))
                .thenRun(st -> {
                    askWaitingAgain();
                    addToFrontier(((Active) st).search().tree().get(c.nodeId()));
                });
    }

    private Effect<Event, State> onFrontierChanged(Active s, FrontierChanged c) {
        awaitingFrontier.remove(c.update().nodeId());
        for (String pruned : c.update().pruned()) {
            NodeActor.ref(ctx.getSystem(), sessionId, pruned)
                    .tell(new NodeProtocol.Prune("strictly dominated on the frontier"));
        }
        if (s.search().tree().get(c.update().nodeId()).settled()) {
            return Effect().none();
        }
        return Effect().persist(new FrontierUpdated(c.update())).thenRun(st -> {
            plan("frontier updated");
            logIfFinished((Active) st);
        });
    }

    // ---- side effects ---------------------------------------------------------------------------------------

    private void expand(Active s, Decision.Expand e) {
        SearchTree tree = s.search().tree();
        TreeNode parent = tree.get(e.parentId());
        Score grandparent = parent.parentId() == null ? null : tree.get(parent.parentId()).score();
        NodeActor.ref(ctx.getSystem(), sessionId, e.parentId()).tell(new NodeProtocol.Expand(e.roundId(), e.count(),
                Reflections.exclusions(tree, e.parentId()), tree.branchEdits(e.parentId()), grandparent,
                s.search().reflectionSeed(e.roundId()), e.goal()));
    }

    private void evaluate(Active s, String nodeId) {
        SearchTree tree = s.search().tree();
        TreeNode node = tree.get(nodeId);
        String parentSource = node.parentId() == null ? null : tree.get(node.parentId()).sourceRef();
        NodeActor.ref(ctx.getSystem(), sessionId, nodeId).tell(new NodeProtocol.Evaluate(sessionId, nodeId,
                node.parentId(), parentSource, node.edit(), worldRef, s.started().dataset().id(),
                s.search().config().staged(), Racing.seed(s.search().seed(), nodeId),
                s.search().raceContext(nodeId)));
    }

    private void addToFrontier(TreeNode node) {
        if (awaitingFrontier.add(node.id())) {
            frontier().tell(new FrontierActor.Add(ScoredNode.of(node)));
        }
    }

    private ActorRef<FrontierActor.Command> frontier() {
        if (frontier == null) {
            // a restart stops the old child while this name may still be taken: each one gets its own
            frontier = ctx.spawn(FrontierActor.create(frontierChanges), "frontier-" + (++frontiers));
        }
        return frontier;
    }

    /**
     * A journal write that failed restarts the session from its journal, but in this same object, and stops its
     * frontier child: what it was waiting for is asked again.
     */
    private void forgetWorkInFlight() {
        awaitingFrontier.clear();
        frontier = null;
        journaledAtLastCheck = -1;
    }

    /** After recovery: the frontier as the journal left it. */
    private void restoreFrontier(Active s) {
        SearchTree tree = s.search().tree();
        List<ScoredNode> known = tree.settledOrder().stream()
                .map(id -> ScoredNode.of(tree.get(id)))
                .toList();
        frontier().tell(new FrontierActor.Restore(known));
    }

    /** Re-sends every piece of work that has not come back: evaluations, frontier updates, proposals. */
    private void resendPending(Active s) {
        SearchTree tree = s.search().tree();
        for (TreeNode n : tree.nodes()) {
            if (n.status() == NodeStatus.SCORED && !n.settled()) {
                addToFrontier(n);
            } else if (n.status() == NodeStatus.PENDING) {
                evaluate(s, n.id());
            }
        }
        for (Round r : s.search().rounds()) {
            if (r.kind() == RoundKind.EXPANSION && !r.proposed()) {
                expand(s, new Decision.Expand(r.id(), r.parentId(),
                        s.search().config().editsAsked(r.goal()), 0, r.goal()));
            }
        }
    }

    private void watch() {
        if (!timers.isTimerActive(Watchdog.INSTANCE)) {
            timers.startTimerWithFixedDelay(Watchdog.INSTANCE, Watchdog.INSTANCE, redriveAfter);
        }
    }

    private Effect<Event, State> onWatchdog(Active s) {
        if (s.search().finished()) {
            timers.cancel(Watchdog.INSTANCE);
            return Effect().none();
        }
        long journaled = lastSequenceNumber(ctx);
        if (journaled == journaledAtLastCheck) {
            ctx.getLog().info("session {}: nothing journaled for {}; re-sending pending work", sessionId, redriveAfter);
            resendPending(s);
            plan("watchdog");
        }
        journaledAtLastCheck = journaled;
        return Effect().none();
    }

    /** Hands the reservations and raises that waited (for a sibling, or for money) back to this actor, in order. */
    private void askWaitingAgain() {
        List<Command> again = new ArrayList<>(waitingReservations.values());
        again.addAll(waitingRaises.values());
        waitingReservations.clear();
        waitingRaises.clear();
        again.forEach(ctx.getSelf()::tell);
    }

    private void plan(String why) {
        ctx.getSelf().tell(new Plan(why));
    }

    private void logIfFinished(Active s) {
        if (s.search().finished()) {
            ctx.getLog().info("session {} finished: {}", sessionId,
                    s.search().stopReason().map(StopReason::description).orElse(""));
            passivate();
        }
    }

    private void passivate() {
        if (shard != null) {
            shard.tell(new ClusterSharding.Passivate<>(ctx.getSelf()));
        }
    }

    private static boolean pending(Active s, String nodeId) {
        return s.search().tree().contains(nodeId)
                && s.search().tree().get(nodeId).status() == NodeStatus.PENDING;
    }

    private Effect<Event, State> unknown(ActorRef<StatusReply<SessionSummary>> replyTo) {
        replyTo.tell(StatusReply.error("no session with id '" + sessionId + "'"));
        return Effect().none();
    }
}
