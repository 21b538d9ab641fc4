package io.alp.actors.node;

import io.alp.actors.CborSerializable;
import io.alp.actors.ConsoleWarnings;
import io.alp.actors.JournalFailures;
import io.alp.actors.evaluation.EvaluationQueue;
import io.alp.actors.journal.LegacyEvents;
import io.alp.actors.journal.Upcasting;
import io.alp.actors.proposer.ProposerActor;
import io.alp.actors.runtime.AlpRuntime;
import io.alp.actors.runtime.Roles;
import io.alp.actors.session.SessionActor;
import io.alp.engine.evaluation.CaseEvaluation;
import io.alp.engine.evaluation.EvaluationAllowance;
import io.alp.engine.model.Case;
import io.alp.engine.model.Edit;
import io.alp.engine.model.Outcome;
import io.alp.engine.model.Score;
import io.alp.engine.model.WorldRef;
import io.alp.engine.node.Dispatch;
import io.alp.engine.node.Evaluating;
import io.alp.engine.node.EvaluationWindow;
import io.alp.engine.node.NodeLifecycle;
import io.alp.engine.node.NodeLifecycle.Materializing;
import io.alp.engine.node.NodeLifecycle.Reserving;
import io.alp.engine.node.NodeLifecycle.Unopened;
import io.alp.engine.node.NodeSpec;
import io.alp.engine.node.RecordedCase;
import io.alp.engine.port.Materialized;
import io.alp.engine.port.ProposalBatch;
import io.alp.engine.port.World;
import io.alp.engine.search.Racing;
import io.alp.engine.search.Reflections;
import io.alp.engine.search.StagedEvaluation;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One tree node, a sharded event-sourced entity with id {@code session/node}, driving the engine's
 * {@link NodeLifecycle}: it applies its edit to its parent's source, asks its session to reserve the evaluation's
 * cost, offers the cases the lifecycle dispatches to the evaluator pools and journals each outcome once, then
 * reports its score. As a parent it asks the proposer for its children's edits. Every step is idempotent and resumes
 * after a crash from what the journal holds: a case recorded is never evaluated or charged again.
 */
public final class NodeActor extends EventSourcedBehavior<NodeActor.Command, NodeActor.Event, NodeLifecycle> {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Node");
    /** The most answers journaled in one row. */
    static final int MAX_RECORD_BATCH = 64;
    /**
     * A node's state is saved every this many events, so that its recovery reads the last snapshot and what came
     * after; events are kept (replay reads them). Most nodes journal fewer events than this and never need one.
     */
    static final int SNAPSHOT_EVERY = 32;

    public static void initSharding(ActorSystem<?> system, AlpRuntime runtime) {
        ClusterSharding.get(system).init(Entity.of(TYPE_KEY, ctx -> create(ctx.getEntityId(), runtime))
                .withRole(Roles.SESSIONS));
    }

    public static String entityId(String sessionId, String nodeId) {
        return sessionId + "/" + nodeId;
    }

    public static EntityRef<Command> ref(ActorSystem<?> system, String sessionId, String nodeId) {
        return ClusterSharding.get(system).entityRefFor(TYPE_KEY, entityId(sessionId, nodeId));
    }

    public static Behavior<Command> create(String entityId, AlpRuntime runtime) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new NodeActor(entityId, runtime, ctx, timers)));
    }

    // ---- protocol -------------------------------------------------------------------------------------------

    public sealed interface Command extends CborSerializable {
    }

    /**
     * Become this node: apply {@code edit} to {@code parentSource} (both null for the baseline) and evaluate on the
     * frozen dataset {@code datasetId}; when {@code staged}, first race the parent {@code parentId} on minibatches
     * drawn with {@code raceSeed}, against {@code race}: the session's frontier and the tree's prior for this node
     * as they stand now.
     */
    public record Evaluate(String sessionId, String nodeId, String parentId, String parentSource, Edit edit,
                           WorldRef world, String datasetId, boolean staged, long raceSeed,
                           Racing.Context race) implements Command {
    }

    /** A child asks its parent for the parent's outcomes, to race it. */
    public record GetOutcomes(ActorRef<Command> replyTo) implements Command {
    }

    public record ParentOutcomes(Map<String, Outcome> outcomes) implements Command {
    }

    /** Reflect on this node's outcomes and propose {@code count} children's edits for round {@code roundId}. */
    public record Expand(String roundId, int count, List<Edit> exclude, List<Edit> branchEdits, Score parentScore,
                         long seed) implements Command {
    }

    public record Prune(String reason) implements Command {
    }

    public record ReservationGranted(double amountUsd) implements Command {
    }

    public record ReservationDenied(String reason) implements Command {
    }

    /** @param cached answered from the evaluation cache: recorded, but charged nothing */
    private record CaseEvaluated(Outcome outcome, boolean cached) implements Command {
    }

    private record CaseErrored(String caseId, String error) implements Command {
    }

    /** An evaluator pool has free slots: it takes up to {@code max} of the cases waiting here. */
    private record PullAsked(EvaluationQueue.Pull pull) implements Command {
    }

    private record Proposed(String roundId, ProposalBatch batch) implements Command {
    }

    /** @param costUsd what the failed proposing still cost (e.g. malformed replies), charged to the budget */
    private record ProposalFailed(String roundId, String reason, double costUsd) implements Command {
    }

    public record GetView(ActorRef<View> replyTo) implements Command {
    }

    /** What the node is and has, for inspection. */
    public record View(String phase, String sourceRef, int outcomes, Score score, boolean pruned)
            implements CborSerializable {
    }

    private record MaterializeDone(Materialized result) implements Command {
    }

    /** Time to journal the outcomes that came in since the first of them. */
    private enum FlushOutcomes implements Command {
        INSTANCE
    }

    /** Periodic while cases are out: work that got no answer at all in a whole period is dispatched again. */
    private enum DispatchCheck implements Command {
        INSTANCE
    }

    /** Look at what is recorded and take the next step of the evaluation. */
    private enum Progress implements Command {
        INSTANCE
    }

    public sealed interface Event extends CborSerializable {
    }

    /**
     * The node's spec. It refers to its world by content hash and to its cases by the dataset's id (version 2 of
     * this event; version 1 embedded both, see {@link LegacyEvents.OpenedV1}).
     *
     * @param race what its staged evaluation races against (none in nodes opened before it was recorded)
     */
    public record Opened(String sessionId, String nodeId, String parentId, String parentSource, Edit edit,
                         WorldRef world, String datasetId, boolean staged, long raceSeed,
                         Racing.Context race) implements Event {
        public Opened {
            race = race == null ? Racing.Context.NONE : race;
        }
    }

    public record SourceMaterialized(String sourceRef, double costUsd) implements Event {
    }

    public record EditFailed(String reason, double costUsd) implements Event {
    }

    public record EvaluationGranted(double amountUsd) implements Event {
    }

    public record EvaluationDenied(String reason) implements Event {
    }

    /** @param chargedUsd what this evaluation cost the session (0 when it came from the cache) */
    public record CaseRecorded(Outcome outcome, double chargedUsd) implements Event {
    }

    /** Several outcomes that came in together, written as one journal row (a commit each costs the store dearly). */
    public record CasesRecorded(List<CaseRecorded> cases) implements Event {
        public CasesRecorded {
            cases = List.copyOf(cases);
        }
    }

    /** Every case outcome a node's events record, in the order recorded: one at a time and in batches alike. */
    public static List<CaseRecorded> recordedCases(List<? extends Event> events) {
        List<CaseRecorded> all = new ArrayList<>();
        for (Event e : events) {
            if (e instanceof CaseRecorded r) {
                all.add(r);
            } else if (e instanceof CasesRecorded batch) {
                all.addAll(batch.cases());
            }
        }
        return all;
    }

    public record StageAdvanced(int stage, String reason) implements Event {
    }

    public record Rejected(String reason) implements Event {
    }

    public record Scored(Score score) implements Event {
    }

    public record Pruned(String reason) implements Event {
    }

    /** The shape node snapshots are saved in ({@link NodeJournal#snapshots()}); kept as it was, so old ones load. */
    public sealed interface State extends CborSerializable {
    }

    public record Blank() implements State {
    }

    public enum Phase { OPENED, MATERIALIZED, EVALUATING, SCORED, REJECTED, EDIT_FAILED, DENIED }

    /**
     * @param stage      the evaluation's stage ({@link StagedEvaluation}): racing minibatches, then every case
     * @param grantedUsd what the session reserved for the evaluation so far ({@link EvaluationAllowance})
     */
    public record NodeState(Opened spec, Phase phase, String sourceRef, double materializeCostUsd,
                            Map<String, Outcome> outcomes, double evaluationCostUsd, int stage, Score score,
                            String failure, boolean pruned, double grantedUsd) implements State {
    }

    // ---- behaviour ------------------------------------------------------------------------------------------

    private final AlpRuntime runtime;
    private final ActorContext<Command> ctx;
    private final TimerScheduler<Command> timers;
    /** The cases of the current stage that are out (offered until a pool pulls them), the answers not journaled. */
    private final EvaluationWindow window = new EvaluationWindow();
    private final ActorRef<EvaluationQueue.Reply> evaluations;
    private final ActorRef<ProposerActor.Reply> proposals;
    private final Set<String> proposing = new HashSet<>();
    private final Duration redispatchAfter;
    /** How long answers are gathered before they are journaled together; zero journals each at once. */
    private final Duration recordBatchWindow;
    private int answersSinceCheck;
    private boolean materializing;
    private boolean askedParent;
    private Map<String, Outcome> parentOutcomes;

    private NodeActor(String entityId, AlpRuntime runtime, ActorContext<Command> ctx, TimerScheduler<Command> timers) {
        super(PersistenceId.of(TYPE_KEY.name(), entityId), JournalFailures.RESTART);
        this.runtime = runtime;
        this.ctx = ctx;
        this.timers = timers;
        this.redispatchAfter = ctx.getSystem().settings().config().getDuration("alp.evaluators.redispatch-after");
        this.recordBatchWindow = ctx.getSystem().settings().config().getDuration("alp.evaluators.record-batch-window");
        this.evaluations = ctx.messageAdapter(EvaluationQueue.Reply.class, NodeActor::fromEvaluators);
        this.proposals = ctx.messageAdapter(ProposerActor.Reply.class, r -> r instanceof ProposerActor.Proposed p
                ? new Proposed(p.roundId(), p.batch())
                : new ProposalFailed(r.roundId(), ((ProposerActor.Failed) r).reason(),
                ((ProposerActor.Failed) r).costUsd()));
    }

    private static Command fromEvaluators(EvaluationQueue.Reply reply) {
        if (reply instanceof EvaluationQueue.Evaluated e) {
            return new CaseEvaluated(e.outcome(), e.cached());
        }
        if (reply instanceof EvaluationQueue.Failed f) {
            return new CaseErrored(f.caseId(), f.error());
        }
        return new PullAsked((EvaluationQueue.Pull) reply);
    }

    @Override
    public NodeLifecycle emptyState() {
        return new Unopened();
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(SNAPSHOT_EVERY, 2);
    }

    @Override
    public SnapshotAdapter<NodeLifecycle> snapshotAdapter() {
        return NodeJournal.snapshots();
    }

    @Override
    public EventAdapter<Event, ?> eventAdapter() {
        return new Upcasting<>(Event.class, new LegacyEvents.Sinks(runtime.worlds()::register,
                runtime.datasets()::register));
    }

    @Override
    public SignalHandler<NodeLifecycle> signalHandler() {
        return newSignalHandlerBuilder()
                .onSignal(RecoveryCompleted.instance(), state -> {
                    forgetWorkInFlight();
                    proceed(state);
                })
                .build();
    }

    @Override
    public EventHandler<NodeLifecycle, Event> eventHandler() {
        var b = newEventHandlerBuilder();
        b.forStateType(Unopened.class).onEvent(Opened.class, (s, e) -> s.open(NodeJournal.spec(e)));
        b.forStateType(Materializing.class)
                .onEvent(SourceMaterialized.class, (s, e) -> s.materialized(e.sourceRef(), e.costUsd()))
                .onEvent(EditFailed.class, (s, e) -> s.editFailed(e.reason(), e.costUsd()));
        b.forStateType(Reserving.class)
                .onEvent(EvaluationGranted.class, (s, e) -> s.granted(e.amountUsd()))
                .onEvent(EvaluationDenied.class, (s, e) -> s.denied(e.reason()));
        b.forStateType(Evaluating.class)
                .onEvent(EvaluationGranted.class, (s, e) -> s.granted(e.amountUsd()))
                .onEvent(CaseRecorded.class, (s, e) -> s.recorded(NodeJournal.recorded(List.of(e))))
                .onEvent(CasesRecorded.class, (s, e) -> s.recorded(NodeJournal.recorded(e.cases())))
                .onEvent(StageAdvanced.class, (s, e) -> s.advanced(e.stage()))
                .onEvent(Rejected.class, (s, e) -> s.rejected(e.reason()))
                .onEvent(Scored.class, (s, e) -> s.scored(e.score()));
        b.forAnyState().onEvent(Pruned.class, (s, e) -> s.prune());
        return b.build();
    }

    @Override
    public CommandHandler<Command, Event, NodeLifecycle> commandHandler() {
        var b = newCommandHandlerBuilder();
        b.forStateType(Unopened.class)
                .onCommand(Evaluate.class, (s, c) -> Effect()
                        .persist(new Opened(c.sessionId(), c.nodeId(), c.parentId(), c.parentSource(), c.edit(),
                                c.world(), c.datasetId(), c.staged(), c.raceSeed(), c.race()))
                        .thenRun(this::proceed))
                .onCommand(GetView.class, this::onGetView)
                .onAnyCommand(c -> {
                    ctx.getLog().warn("node {} ignores {} before it was opened", ctx.getSelf().path().name(), c);
                    return Effect().none();
                });
        b.forStateType(NodeLifecycle.class)
                .onCommand(Evaluate.class, (s, c) -> {
                    askedParent = parentOutcomes != null; // asked again: the parent's answer may have been lost
                    proceed(s);
                    return Effect().none();
                })
                .onCommand(MaterializeDone.class, this::onMaterialized)
                .onCommand(ReservationGranted.class, this::onGranted)
                .onCommand(ReservationDenied.class, this::onDenied)
                .onCommand(CaseEvaluated.class, this::onCaseEvaluated)
                .onCommand(CaseErrored.class, (s, c) -> onCaseEvaluated(s, new CaseEvaluated(new Outcome(c.caseId(),
                        false, "evaluation error: " + c.error(), "", 0, 0, 0, 0, 1), false)))
                .onCommand(DispatchCheck.class, (s, c) -> onDispatchCheck(s))
                .onCommand(FlushOutcomes.class, (s, c) -> flushOutcomes(s))
                .onCommand(PullAsked.class, (s, c) -> onPull(s, c.pull()))
                .onCommand(Progress.class, (s, c) -> onProgress(s))
                .onCommand(ParentOutcomes.class, (s, c) -> {
                    parentOutcomes = c.outcomes();
                    return onProgress(s);
                })
                .onCommand(GetOutcomes.class, (s, c) -> {
                    c.replyTo().tell(new ParentOutcomes(s.outcomes()));
                    return Effect().none();
                })
                .onCommand(Expand.class, this::onExpand)
                .onCommand(Proposed.class, (s, c) -> {
                    proposing.remove(c.roundId());
                    session(s).tell(new SessionActor.ProposalsReady(c.roundId(), c.batch()));
                    return Effect().none();
                })
                .onCommand(ProposalFailed.class, (s, c) -> {
                    proposing.remove(c.roundId());
                    session(s).tell(new SessionActor.ProposalFailed(c.roundId(), c.reason(), c.costUsd()));
                    return Effect().none();
                })
                .onCommand(Prune.class, (s, c) -> s instanceof NodeLifecycle.Scored scored && !scored.pruned()
                        ? Effect().persist(new Pruned(c.reason())) : Effect().none())
                .onCommand(GetView.class, this::onGetView);
        return b.build();
    }

    private Effect<Event, NodeLifecycle> onGetView(NodeLifecycle s, GetView c) {
        c.replyTo().tell(new View(s.phase().name().toLowerCase(), s.sourceRef(), s.outcomes().size(), s.score(),
                s.pruned()));
        return Effect().none();
    }

    private Effect<Event, NodeLifecycle> onMaterialized(NodeLifecycle s, MaterializeDone c) {
        materializing = false;
        if (!(s instanceof Materializing)) {
            return Effect().none();
        }
        Materialized m = c.result();
        Event e = m.applied() ? new SourceMaterialized(m.sourceRef(), m.costUsd())
                : new EditFailed(m.failure(), m.costUsd());
        return Effect().persist(e).thenRun(n -> {
            if (m.applied()) {
                publish(s, m.sourceRef());
            }
            proceed(n);
        });
    }

    /** The evaluation's reservation, first granted or raised while it runs. */
    private Effect<Event, NodeLifecycle> onGranted(NodeLifecycle s, ReservationGranted c) {
        if (s instanceof Reserving || s instanceof Evaluating e && e.raisedBy(c.amountUsd())) {
            return Effect().persist(new EvaluationGranted(c.amountUsd())).thenRun(this::proceed);
        }
        return Effect().none();
    }

    /** Not admitted, or, while it runs, no raise: it goes on with what it holds while it can. */
    private Effect<Event, NodeLifecycle> onDenied(NodeLifecycle s, ReservationDenied c) {
        if (s instanceof Reserving) {
            return Effect().persist(new EvaluationDenied(c.reason()));
        }
        if (s instanceof Evaluating e) {
            var ranOut = e.budgetRanOut(window, allowance(e), cases(e).size());
            if (ranOut.isPresent()) {
                return Effect().persist(new Rejected(ranOut.get())).thenRun(this::proceed);
            }
        }
        return Effect().none();
    }

    private Effect<Event, NodeLifecycle> onCaseEvaluated(NodeLifecycle s, CaseEvaluated c) {
        answersSinceCheck++;
        Outcome o = c.outcome();
        if (!(s instanceof Evaluating e) || !e.wants(o.caseId(), window)) {
            return Effect().none(); // stale or a duplicate
        }
        if (o.errored()) {
            ConsoleWarnings.warn("case", "session " + s.spec().sessionId() + " node " + s.spec().nodeId() + " case "
                    + o.caseId() + " could not be evaluated: " + o.error().strip().lines().findFirst().orElse(""));
        }
        window.answer(o, c.cached());
        if (recordBatchWindow.isZero() || window.answers() >= MAX_RECORD_BATCH) {
            return flushOutcomes(s);
        }
        if (window.answers() == 1) {
            timers.startSingleTimer(FlushOutcomes.INSTANCE, FlushOutcomes.INSTANCE, recordBatchWindow);
        }
        return Effect().none();
    }

    /** Journals the answers gathered so far as one row. */
    private Effect<Event, NodeLifecycle> flushOutcomes(NodeLifecycle s) {
        timers.cancel(FlushOutcomes.INSTANCE);
        List<RecordedCase> batch = window.takeAnswers();
        if (batch.isEmpty() || !(s instanceof Evaluating)) {
            return Effect().none();
        }
        Event event = batch.size() == 1 ? NodeJournal.row(batch.get(0))
                : new CasesRecorded(batch.stream().map(NodeJournal::row).toList());
        return Effect().persist(event).thenRun(n -> {
            window.paid(batch);
            if (n instanceof Evaluating e && e.movesOn(window)) {
                ctx.getSelf().tell(Progress.INSTANCE);
            }
        });
    }

    /** Sends the stage's cases out, or, once they are all in, journals what the stage decided. */
    private Effect<Event, NodeLifecycle> onProgress(NodeLifecycle s) {
        if (!(s instanceof Evaluating e)) {
            return Effect().none();
        }
        if (e.racesParent() && parentOutcomes == null) {
            askParent(e);
            return Effect().none();
        }
        StagedEvaluation.Step step = e.next(cases(e), parentOutcomes);
        if (step instanceof StagedEvaluation.Step.Run run) {
            send(e, run.cases());
            return Effect().none();
        }
        ctx.getLog().debug("node {}: {}", e.spec().nodeId(), step);
        Event decided = step instanceof StagedEvaluation.Step.Advance a ? new StageAdvanced(a.stage(), a.reason())
                : step instanceof StagedEvaluation.Step.Reject r ? new Rejected(r.reason())
                : new Scored(e.score());
        return Effect().persist(decided).thenRun(this::proceed);
    }

    private Effect<Event, NodeLifecycle> onExpand(NodeLifecycle s, Expand c) {
        // a pruned node may still be chosen as a parent (it may be the only one passing some cases): the session decides
        if (!(s instanceof NodeLifecycle.Scored)) {
            session(s).tell(new SessionActor.ProposalFailed(c.roundId(),
                    "node " + s.spec().nodeId() + " cannot be expanded: it is " + s.phase(), 0));
            return Effect().none();
        }
        if (!proposing.add(c.roundId())) {
            return Effect().none(); // the session asked again while the proposer is still on it
        }
        var reflection = Reflections.of(s.spec().nodeId(), s.sourceRef(), s.score(), c.parentScore(),
                c.branchEdits(), s.outcomes().values(), cases(s), c.exclude(), c.count(), c.seed());
        runtime.proposer().tell(new ProposerActor.Propose(c.roundId(), s.spec().world(), reflection, proposals));
        return Effect().none();
    }

    /**
     * A journal write that failed restarts the node from its journal, but in this same object: what it sent out
     * before is forgotten, since the answers may have been dropped with the failed incarnation. Asked again, a case
     * or a proposal that does come back twice is recorded once.
     */
    private void forgetWorkInFlight() {
        timers.cancelAll();
        window.forget();
        proposing.clear();
        answersSinceCheck = 0;
        materializing = false;
        askedParent = false;
        parentOutcomes = null;
    }

    /** Takes the next step the node's state calls for; safe to call again at any time. A denied node has none. */
    private void proceed(NodeLifecycle s) {
        if (s instanceof Unopened || s instanceof NodeLifecycle.Denied) {
            return;
        }
        String nodeId = s.spec().nodeId();
        if (s instanceof Materializing m) {
            materialize(m);
        } else if (s instanceof Reserving r) {
            session(r).tell(new SessionActor.ReserveEvaluation(nodeId, r.sourceRef(), cases(r).size(),
                    allowance(r).capPerCaseUsd(), r.materializeCostUsd()));
        } else if (s instanceof Evaluating) {
            ctx.getSelf().tell(Progress.INSTANCE);
        } else if (s instanceof NodeLifecycle.Scored scored) {
            session(s).tell(new SessionActor.NodeScored(nodeId, scored.score(), scored.sourceRef(),
                    scored.chargedUsd(), scored.passMask(cases(s))));
        } else if (s instanceof NodeLifecycle.Rejected rejected) {
            session(s).tell(new SessionActor.NodeRejected(nodeId, rejected.reason(), rejected.chargedUsd()));
        } else if (s instanceof NodeLifecycle.EditFailed failed) {
            session(s).tell(new SessionActor.NodeEditFailed(nodeId, failed.reason(), failed.materializeCostUsd()));
        }
    }

    private void materialize(Materializing m) {
        if (materializing) {
            return;
        }
        materializing = true;
        CompletionStage<Materialized> result;
        try {
            result = m.materialize(world(m).materializer());
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        ctx.pipeToSelf(result, (done, error) -> new MaterializeDone(error == null ? done
                : Materializing.notApplied(error)));
    }

    /** Names the node's source where a reviewer finds it (e.g. a ref in the agent's repository); best effort. */
    private void publish(NodeLifecycle s, String sourceRef) {
        NodeSpec spec = s.spec();
        try {
            world(s).materializer().publish(spec.sessionId(), spec.nodeId(), sourceRef);
        } catch (RuntimeException e) {
            ctx.getLog().warn("node {}/{}: could not publish its source {}: {}", spec.sessionId(), spec.nodeId(),
                    sourceRef, e.getMessage());
        }
    }

    /**
     * Offers the cases the lifecycle dispatches to the evaluator pools, which pull them as their slots free; when
     * some must wait for money, asks the session to raise the reservation, and offers them as answers or a raise
     * come in.
     */
    private void send(Evaluating e, List<Case> stageCases) {
        Dispatch dispatch = e.dispatch(stageCases, window, allowance(e));
        window.sent(dispatch);
        if (dispatch.heldBack()) {
            // asked again as answers come in, so the session always knows how many cases are still out
            session(e).tell(new SessionActor.RaiseEvaluation(e.spec().nodeId(), dispatch.raise().wantedUsd(),
                    dispatch.raise().inFlight()));
        }
        if (!dispatch.cases().isEmpty()) {
            runtime.evaluators().tell(new EvaluationQueue.Offer(evaluations, window.queued(), false));
        }
        if (window.hasSent() && !timers.isTimerActive(DispatchCheck.INSTANCE)) {
            answersSinceCheck = 0;
            timers.startTimerWithFixedDelay(DispatchCheck.INSTANCE, DispatchCheck.INSTANCE, redispatchAfter);
        }
    }

    /** Hands a pool that asked for work up to as many offered cases as it has free slots for. */
    private Effect<Event, NodeLifecycle> onPull(NodeLifecycle s, EvaluationQueue.Pull pull) {
        answersSinceCheck++;
        List<Case> cases = window.take(pull.max(), id -> s instanceof Evaluating e && e.wants(id, window));
        EvaluationQueue.answer(pull, evaluations, s.spec().world(), s.sourceRef(), cases, window.queued());
        return Effect().none();
    }

    /**
     * An evaluator pool on a node that died never answers, and one that lost this node's offer never pulls. When
     * no answer and no pull at all came in a whole period, the cases still out are offered again; an outcome that
     * then arrives twice is recorded once.
     */
    private Effect<Event, NodeLifecycle> onDispatchCheck(NodeLifecycle s) {
        int unrecorded = window.unrecorded(s.outcomes());
        if (!(s instanceof Evaluating) || unrecorded == 0) {
            timers.cancel(DispatchCheck.INSTANCE);
            return Effect().none();
        }
        if (answersSinceCheck == 0) {
            if (unrecorded > window.queued()) {
                ctx.getLog().warn("node {}: no answer for {} case(s) in {}; offering them again",
                        ctx.getSelf().path().name(), unrecorded - window.queued(), redispatchAfter);
            }
            window.resend();
            proceed(s);
        }
        answersSinceCheck = 0;
        return Effect().none();
    }

    private void askParent(Evaluating e) {
        if (!askedParent) {
            askedParent = true;
            ref(ctx.getSystem(), e.spec().sessionId(), e.spec().parentId()).tell(new GetOutcomes(ctx.getSelf()));
        }
    }

    private World world(NodeLifecycle s) {
        return runtime.worlds().world(s.spec().world());
    }

    private EvaluationAllowance allowance(NodeLifecycle s) {
        World world = world(s);
        return CaseEvaluation.allowance(world.runner(), world.judge(), s.sourceRef());
    }

    /** The node's cases, from the dataset its spec names (read once per process). */
    private List<Case> cases(NodeLifecycle s) {
        return runtime.datasets().cases(s.spec().datasetId());
    }

    private EntityRef<SessionActor.Command> session(NodeLifecycle s) {
        return SessionActor.ref(ctx.getSystem(), s.spec().sessionId());
    }
}
