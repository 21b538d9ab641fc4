package io.alp.actors.node;

import io.alp.actors.ConsoleWarnings;
import io.alp.actors.JournalFailures;
import io.alp.actors.journal.LegacyEvents;
import io.alp.actors.journal.Upcasting;
import io.alp.actors.node.NodeEvent.CaseRecorded;
import io.alp.actors.node.NodeEvent.CasesRecorded;
import io.alp.actors.node.NodeEvent.EditFailed;
import io.alp.actors.node.NodeEvent.EvaluationDenied;
import io.alp.actors.node.NodeEvent.EvaluationGranted;
import io.alp.actors.node.NodeEvent.Opened;
import io.alp.actors.node.NodeEvent.Pruned;
import io.alp.actors.node.NodeEvent.Rejected;
import io.alp.actors.node.NodeEvent.Scored;
import io.alp.actors.node.NodeEvent.SourceMaterialized;
import io.alp.actors.node.NodeEvent.StageAdvanced;
import io.alp.actors.node.NodeProtocol.CaseErrored;
import io.alp.actors.node.NodeProtocol.CaseEvaluated;
import io.alp.actors.node.NodeProtocol.Command;
import io.alp.actors.node.NodeProtocol.DispatchCheck;
import io.alp.actors.node.NodeProtocol.Evaluate;
import io.alp.actors.node.NodeProtocol.Expand;
import io.alp.actors.node.NodeProtocol.FlushOutcomes;
import io.alp.actors.node.NodeProtocol.GetOutcomes;
import io.alp.actors.node.NodeProtocol.GetView;
import io.alp.actors.node.NodeProtocol.MaterializeDone;
import io.alp.actors.node.NodeProtocol.ParentOutcomes;
import io.alp.actors.node.NodeProtocol.Progress;
import io.alp.actors.node.NodeProtocol.ProposalFailed;
import io.alp.actors.node.NodeProtocol.Proposed;
import io.alp.actors.node.NodeProtocol.Prune;
import io.alp.actors.node.NodeProtocol.PullAsked;
import io.alp.actors.node.NodeProtocol.ReservationDenied;
import io.alp.actors.node.NodeProtocol.ReservationGranted;
import io.alp.actors.node.NodeProtocol.View;
import io.alp.actors.runtime.AlpRuntime;
import io.alp.actors.runtime.Roles;
import io.alp.actors.session.SessionActor;
import io.alp.engine.model.Outcome;
import io.alp.engine.node.Evaluating;
import io.alp.engine.node.EvaluationWindow;
import io.alp.engine.node.NodeLifecycle;
import io.alp.engine.node.NodeLifecycle.Materializing;
import io.alp.engine.node.NodeLifecycle.Reserving;
import io.alp.engine.node.NodeLifecycle.Unopened;
import io.alp.engine.node.RecordedCase;
import io.alp.engine.port.Materialized;
import io.alp.engine.search.StagedEvaluation;
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
import java.util.List;
import java.util.Map;

/**
 * One tree node, a sharded event-sourced entity with id {@code session/node}, driving the engine's
 * {@link NodeLifecycle}: it applies its edit to its parent's source, asks its session to reserve the evaluation's
 * cost, offers the cases the lifecycle dispatches to the evaluator pools and journals each outcome once, then
 * reports its score. As a parent it asks the proposer for its children's edits. Every step is idempotent and resumes
 * after a crash from what the journal holds: a case recorded is never evaluated or charged again.
 */
public final class NodeActor extends EventSourcedBehavior<Command, NodeEvent, NodeLifecycle> {

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

    private final AlpRuntime runtime;
    private final ActorContext<Command> ctx;
    private final TimerScheduler<Command> timers;
    private final NodeResources resources;
    /** The cases of the current stage that are out (offered until a pool pulls them), the answers not journaled. */
    private final EvaluationWindow window = new EvaluationWindow();
    private final CaseDispatcher dispatcher;
    private final NodeMaterializer materializer;
    private final NodeProposals proposals;
    /** How long answers are gathered before they are journaled together; zero journals each at once. */
    private final Duration recordBatchWindow;
    private boolean askedParent;
    private Map<String, Outcome> parentOutcomes;

    private NodeActor(String entityId, AlpRuntime runtime, ActorContext<Command> ctx, TimerScheduler<Command> timers) {
        super(PersistenceId.of(TYPE_KEY.name(), entityId), JournalFailures.RESTART);
        this.runtime = runtime;
        this.ctx = ctx;
        this.timers = timers;
        this.resources = new NodeResources(runtime, ctx.getSystem());
        this.dispatcher = new CaseDispatcher(resources, window, ctx, timers);
        this.materializer = new NodeMaterializer(resources, ctx);
        this.proposals = new NodeProposals(resources, ctx);
        this.recordBatchWindow = ctx.getSystem().settings().config().getDuration("alp.evaluators.record-batch-window");
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
    public EventAdapter<NodeEvent, ?> eventAdapter() {
        return new Upcasting<>(NodeEvent.class, new LegacyEvents.Sinks(runtime.worlds()::register,
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
    public EventHandler<NodeLifecycle, NodeEvent> eventHandler() {
        var b = newEventHandlerBuilder();
        b.forStateType(Unopened.class).onEvent(Opened.class, (s, e) -> s.open(NodeJournal.spec(e)));
        b.forStateType(Materializing.class)
                .onEvent(SourceMaterialized.class,
                        (s, e) -> s.materialized(e.sourceRef(), e.costUsd(), e.skippedParts()))
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
    public CommandHandler<Command, NodeEvent, NodeLifecycle> commandHandler() {
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
                    return unjournaled(() -> proceed(s));
                })
                .onCommand(MaterializeDone.class, this::onMaterialized)
                .onCommand(ReservationGranted.class, this::onGranted)
                .onCommand(ReservationDenied.class, this::onDenied)
                .onCommand(CaseEvaluated.class, this::onCaseEvaluated)
                .onCommand(CaseErrored.class, (s, c) -> onCaseEvaluated(s, new CaseEvaluated(new Outcome(c.caseId(),
                        false, "evaluation error: " + c.error(), "", 0, 0, 0, 0, 1), false)))
                .onCommand(DispatchCheck.class, (s, c) -> unjournaled(() -> {
                    if (dispatcher.periodEnded(s)) {
                        proceed(s);
                    }
                }))
                .onCommand(FlushOutcomes.class, (s, c) -> flushOutcomes(s))
                .onCommand(PullAsked.class, (s, c) -> unjournaled(() -> dispatcher.pull(s, c.pull())))
                .onCommand(Progress.class, (s, c) -> onProgress(s))
                .onCommand(ParentOutcomes.class, (s, c) -> {
                    parentOutcomes = c.outcomes();
                    return onProgress(s);
                })
                .onCommand(GetOutcomes.class, (s, c) -> unjournaled(() ->
                        c.replyTo().tell(new ParentOutcomes(s.outcomes()))))
                .onCommand(Expand.class, (s, c) -> unjournaled(() -> proposals.expand(s, c)))
                .onCommand(Proposed.class, (s, c) -> unjournaled(() -> proposals.proposed(s, c)))
                .onCommand(ProposalFailed.class, (s, c) -> unjournaled(() -> proposals.failed(s, c)))
                .onCommand(Prune.class, (s, c) -> s instanceof NodeLifecycle.Scored scored && !scored.pruned()
                        ? Effect().persist(new Pruned(c.reason())) : Effect().none())
                .onCommand(GetView.class, this::onGetView);
        return b.build();
    }

    /** Takes a step that journals nothing, at once. */
    private Effect<NodeEvent, NodeLifecycle> unjournaled(Runnable step) {
        step.run();
        return Effect().none();
    }

    private Effect<NodeEvent, NodeLifecycle> onGetView(NodeLifecycle s, GetView c) {
        c.replyTo().tell(new View(s.phase().name().toLowerCase(), s.sourceRef(), s.outcomes().size(), s.score(),
                s.pruned()));
        return Effect().none();
    }

    private Effect<NodeEvent, NodeLifecycle> onMaterialized(NodeLifecycle s, MaterializeDone c) {
        materializer.finished();
        if (!(s instanceof Materializing)) {
            return Effect().none();
        }
        Materialized m = c.result();
        NodeEvent e = m.applied() ? new SourceMaterialized(m.sourceRef(), m.costUsd(), m.skippedParts())
                : new EditFailed(m.failure(), m.costUsd());
        if (m.applied() && !m.skippedParts().isEmpty()) {
            ConsoleWarnings.warn("edit", "session " + s.spec().sessionId() + " node " + s.spec().nodeId() + ": "
                    + m.failure() + "; it is evaluated with its other parts");
        }
        return Effect().persist(e).thenRun(n -> {
            if (m.applied()) {
                materializer.publish(s, m.sourceRef());
            }
            proceed(n);
        });
    }

    /** The evaluation's reservation, first granted or raised while it runs. */
    private Effect<NodeEvent, NodeLifecycle> onGranted(NodeLifecycle s, ReservationGranted c) {
        if (s instanceof Reserving || s instanceof Evaluating e && e.raisedBy(c.amountUsd())) {
            return Effect().persist(new EvaluationGranted(c.amountUsd())).thenRun(this::proceed);
        }
        return Effect().none();
    }

    /** Not admitted, or, while it runs, no raise: it goes on with what it holds while it can. */
    private Effect<NodeEvent, NodeLifecycle> onDenied(NodeLifecycle s, ReservationDenied c) {
        if (s instanceof Reserving) {
            return Effect().persist(new EvaluationDenied(c.reason()));
        }
        if (s instanceof Evaluating e) {
            var ranOut = e.budgetRanOut(window, resources.allowance(e), resources.cases(e).size());
            if (ranOut.isPresent()) {
                return Effect().persist(new Rejected(ranOut.get())).thenRun(this::proceed);
            }
        }
        return Effect().none();
    }

    private Effect<NodeEvent, NodeLifecycle> onCaseEvaluated(NodeLifecycle s, CaseEvaluated c) {
        dispatcher.answered();
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
    private Effect<NodeEvent, NodeLifecycle> flushOutcomes(NodeLifecycle s) {
        timers.cancel(FlushOutcomes.INSTANCE);
        List<RecordedCase> batch = window.takeAnswers();
        if (batch.isEmpty() || !(s instanceof Evaluating)) {
            return Effect().none();
        }
        NodeEvent event = batch.size() == 1 ? NodeJournal.row(batch.get(0))
                : new CasesRecorded(batch.stream().map(NodeJournal::row).toList());
        return Effect().persist(event).thenRun(n -> {
            window.paid(batch);
            if (n instanceof Evaluating e && e.movesOn(window)) {
                ctx.getSelf().tell(Progress.INSTANCE);
            }
        });
    }

    /** Sends the stage's cases out, or, once they are all in, journals what the stage decided. */
    private Effect<NodeEvent, NodeLifecycle> onProgress(NodeLifecycle s) {
        if (!(s instanceof Evaluating e)) {
            return Effect().none();
        }
        if (e.racesParent() && parentOutcomes == null) {
            askParent(e);
            return Effect().none();
        }
        StagedEvaluation.Step step = e.next(resources.cases(e), parentOutcomes);
        if (step instanceof StagedEvaluation.Step.Run run) {
            dispatcher.send(e, run.cases());
            return Effect().none();
        }
        ctx.getLog().debug("node {}: {}", e.spec().nodeId(), step);
        NodeEvent decided = step instanceof StagedEvaluation.Step.Advance a
                ? new StageAdvanced(a.stage(), a.reason())
                : step instanceof StagedEvaluation.Step.Reject r ? new Rejected(r.reason())
                : new Scored(e.score());
        return Effect().persist(decided).thenRun(this::proceed);
    }

    /**
     * A journal write that failed restarts the node from its journal, but in this same object: what it sent out
     * before is forgotten, since the answers may have been dropped with the failed incarnation. Asked again, a case
     * or a proposal that does come back twice is recorded once.
     */
    private void forgetWorkInFlight() {
        timers.cancelAll();
        dispatcher.forget();
        proposals.forget();
        materializer.finished();
        askedParent = false;
        parentOutcomes = null;
    }

    /** Takes the next step the node's state calls for; safe to call again at any time. A denied node has none. */
    private void proceed(NodeLifecycle s) {
        if (s instanceof Unopened || s instanceof NodeLifecycle.Denied) {
            return;
        }
        String nodeId = s.spec().nodeId();
        EntityRef<SessionActor.Command> session = resources.session(s);
        if (s instanceof Materializing m) {
            materializer.start(m);
        } else if (s instanceof Reserving r) {
            session.tell(new SessionActor.ReserveEvaluation(nodeId, r.sourceRef(), resources.cases(r).size(),
                    resources.allowance(r).capPerCaseUsd(), r.materializeCostUsd(), r.skippedParts()));
        } else if (s instanceof Evaluating) {
            ctx.getSelf().tell(Progress.INSTANCE);
        } else if (s instanceof NodeLifecycle.Scored scored) {
            session.tell(new SessionActor.NodeScored(nodeId, scored.score(), scored.sourceRef(),
                    scored.chargedUsd(), scored.passMask(resources.cases(s))));
        } else if (s instanceof NodeLifecycle.Rejected rejected) {
            session.tell(new SessionActor.NodeRejected(nodeId, rejected.reason(), rejected.chargedUsd()));
        } else if (s instanceof NodeLifecycle.EditFailed failed) {
            session.tell(new SessionActor.NodeEditFailed(nodeId, failed.reason(), failed.materializeCostUsd()));
        }
    }

    private void askParent(Evaluating e) {
        if (!askedParent) {
            askedParent = true;
            ref(ctx.getSystem(), e.spec().sessionId(), e.spec().parentId()).tell(new GetOutcomes(ctx.getSelf()));
        }
    }
}
