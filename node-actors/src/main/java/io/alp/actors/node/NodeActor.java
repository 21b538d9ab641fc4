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
import io.alp.engine.frontier.PassMask;
import io.alp.engine.model.Case;
import io.alp.engine.model.Edit;
import io.alp.engine.model.Outcome;
import io.alp.engine.model.Score;
import io.alp.engine.model.WorldRef;
import io.alp.engine.port.CombinedEdits;
import io.alp.engine.port.Materialized;
import io.alp.engine.port.ProposalBatch;
import io.alp.engine.port.World;
import io.alp.engine.search.Reflections;
import io.alp.engine.search.Racing;
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
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One tree node, a sharded event-sourced entity with id {@code session/node}. It applies its edit to its parent's
 * source, asks its session to reserve the evaluation's cost, sends every case to the evaluator pool and records
 * each outcome once, then reports its score. As a parent it asks the proposer for its children's edits.
 * Every step is idempotent and resumes after a crash from what the journal holds: a case recorded is never
 * evaluated or charged again.
 */
public final class NodeActor extends EventSourcedBehavior<NodeActor.Command, NodeActor.Event, NodeActor.State> {

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

    /** Periodic while cases are out: work that got no answer at all in a whole period is dispatched again. */
    /** Time to journal the outcomes that came in since the first of them. */
    private enum FlushOutcomes implements Command {
        INSTANCE
    }

    private enum DispatchCheck implements Command {
        INSTANCE
    }

    /** Look at what is recorded and take the next step of the evaluation. */
    private record Progress(String why) implements Command {
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
        List<CaseRecorded> all = new java.util.ArrayList<>();
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

        NodeState with(Phase p) {
            return new NodeState(spec, p, sourceRef, materializeCostUsd, outcomes, evaluationCostUsd, stage, score,
                    failure, pruned, grantedUsd);
        }

        NodeState failing(Phase p, String reason) {
            return new NodeState(spec, p, sourceRef, materializeCostUsd, outcomes, evaluationCostUsd, stage, score,
                    reason, pruned, grantedUsd);
        }

        NodeState granted(double amountUsd) {
            return new NodeState(spec, phase, sourceRef, materializeCostUsd, outcomes, evaluationCostUsd, stage, score,
                    failure, pruned, Math.max(grantedUsd, amountUsd));
        }
    }

    // ---- behaviour ------------------------------------------------------------------------------------------

    private final AlpRuntime runtime;
    private final ActorContext<Command> ctx;
    private final TimerScheduler<Command> timers;
    /** Cases handed to the evaluators for the current stage: offered and waiting here, or pulled by a pool. */
    private final Set<String> submitted = new HashSet<>();
    /** Submitted cases no pool has pulled yet, in the order they are to run. */
    private final Map<String, Case> waiting = new LinkedHashMap<>();
    private final ActorRef<EvaluationQueue.Reply> evaluations;
    private final ActorRef<ProposerActor.Reply> proposals;
    private final Set<String> proposing = new HashSet<>();
    private final Duration redispatchAfter;
    /** How long answers are gathered before they are journaled together; zero journals each at once. */
    private final Duration recordBatchWindow;
    /** Answers not journaled yet (not acknowledged: after a restart their cases are asked again). */
    private final Map<String, CaseRecorded> unrecorded = new LinkedHashMap<>();
    /**
     * What fresh answers not yet journaled cost, by case: kept across a restart, so that the same case answered
     * again from the evaluation cache is still charged what was spent on it once.
     */
    private final Map<String, Double> unpaid = new HashMap<>();
    private int answersSinceCheck;
    private boolean materializing;
    private boolean askedParent;
    /** Cases of the stage wait for the reservation to cover them at the per-case cap. */
    private boolean heldBack;
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
    public State emptyState() {
        return new Blank();
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(SNAPSHOT_EVERY, 2);
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
                    if (state instanceof NodeState n) {
                        proceed(n);
                    }
                })
                .build();
    }

    @Override
    public CommandHandler<Command, Event, State> commandHandler() {
        var b = newCommandHandlerBuilder();
        b.forStateType(Blank.class)
                .onCommand(Evaluate.class, (s, c) -> Effect()
                        .persist(new Opened(c.sessionId(), c.nodeId(), c.parentId(), c.parentSource(), c.edit(),
                                c.world(), c.datasetId(), c.staged(), c.raceSeed(), c.race()))
                        .thenRun(n -> proceed((NodeState) n)))
                .onCommand(GetView.class, (s, c) -> {
                    c.replyTo().tell(new View("blank", null, 0, null, false));
                    return Effect().none();
                })
                .onAnyCommand(c -> {
                    ctx.getLog().warn("node {} ignores {} before it was opened", ctx.getSelf().path().name(), c);
                    return Effect().none();
                });
        b.forStateType(NodeState.class)
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
                .onCommand(Progress.class, this::onProgress)
                .onCommand(ParentOutcomes.class, (s, c) -> {
                    parentOutcomes = c.outcomes();
                    return onProgress(s, new Progress("parent outcomes"));
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
                .onCommand(Prune.class, (s, c) -> s.pruned() ? Effect().none()
                        : Effect().persist(new Pruned(c.reason())))
                .onCommand(GetView.class, (s, c) -> {
                    c.replyTo().tell(new View(s.phase().name().toLowerCase(), s.sourceRef(), s.outcomes().size(),
                            s.score(), s.pruned()));
                    return Effect().none();
                });
        return b.build();
    }

    /** The evaluation's reservation, first granted or raised while it runs. */
    private Effect<Event, State> onGranted(NodeState s, ReservationGranted c) {
        boolean first = s.phase() == Phase.MATERIALIZED;
        if (!first && (s.phase() != Phase.EVALUATING || c.amountUsd() <= s.grantedUsd())) {
            return Effect().none();
        }
        return Effect().persist(new EvaluationGranted(c.amountUsd())).thenRun(n -> proceed((NodeState) n));
    }

    /**
     * Not admitted, or, while it runs, no raise: a running evaluation goes on with the cases it has out, and ends
     * unscored only when it has none out and cannot dispatch the next.
     */
    private Effect<Event, State> onDenied(NodeState s, ReservationDenied c) {
        if (s.phase() == Phase.MATERIALIZED) {
            return Effect().persist(new EvaluationDenied(c.reason()));
        }
        if (s.phase() != Phase.EVALUATING) {
            return Effect().none();
        }
        if (anyInFlight(s) || allowance(s).dispatchable(s.grantedUsd(), s.evaluationCostUsd(), 0) > 0) {
            return Effect().none();
        }
        return Effect().persist(new Rejected(EvaluationAllowance.budgetRanOut(s.outcomes().size(), cases(s).size())))
                .thenRun(n -> proceed((NodeState) n));
    }

    private Effect<Event, State> onMaterialized(NodeState s, MaterializeDone c) {
        materializing = false;
        if (s.phase() != Phase.OPENED) {
            return Effect().none();
        }
        Materialized m = c.result();
        Event e = m.applied() ? new SourceMaterialized(m.sourceRef(), m.costUsd())
                : new EditFailed(m.failure(), m.costUsd());
        return Effect().persist(e).thenRun(n -> {
            if (m.applied()) {
                publish(s.spec(), m.sourceRef());
            }
            proceed((NodeState) n);
        });
    }

    /** Names the node's source where a reviewer finds it (e.g. a ref in the agent's repository); best effort. */
    private void publish(Opened spec, String sourceRef) {
        try {
            runtime.worlds().world(spec.world()).materializer().publish(spec.sessionId(), spec.nodeId(), sourceRef);
        } catch (RuntimeException e) {
            ctx.getLog().warn("node {}/{}: could not publish its source {}: {}", spec.sessionId(), spec.nodeId(),
                    sourceRef, e.getMessage());
        }
    }

    private Effect<Event, State> onCaseEvaluated(NodeState s, CaseEvaluated c) {
        answersSinceCheck++;
        Outcome o = c.outcome();
        if (s.phase() != Phase.EVALUATING || s.outcomes().containsKey(o.caseId())
                || unrecorded.containsKey(o.caseId())) {
            return Effect().none();
        }
        if (o.errored()) {
            ConsoleWarnings.warn("case", "session " + s.spec().sessionId() + " node " + s.spec().nodeId() + " case "
                    + o.caseId() + " could not be evaluated: " + o.error().strip().lines().findFirst().orElse(""));
        }
        double charged = c.cached() ? unpaid.getOrDefault(o.caseId(), 0.0) : o.evaluationCostUsd();
        unpaid.put(o.caseId(), charged);
        unrecorded.put(o.caseId(), new CaseRecorded(o, charged));
        if (recordBatchWindow.isZero() || unrecorded.size() >= MAX_RECORD_BATCH) {
            return flushOutcomes(s);
        }
        if (unrecorded.size() == 1) {
            timers.startSingleTimer(FlushOutcomes.INSTANCE, FlushOutcomes.INSTANCE, recordBatchWindow);
        }
        return Effect().none();
    }

    /** Journals the answers gathered so far as one row. */
    private Effect<Event, State> flushOutcomes(NodeState s) {
        timers.cancel(FlushOutcomes.INSTANCE);
        if (unrecorded.isEmpty() || s.phase() != Phase.EVALUATING) {
            unrecorded.clear();
            return Effect().none();
        }
        List<CaseRecorded> batch = List.copyOf(unrecorded.values());
        unrecorded.clear();
        Event event = batch.size() == 1 ? batch.get(0) : new CasesRecorded(batch);
        return Effect().persist(event).thenRun(n -> {
            batch.forEach(r -> unpaid.remove(r.outcome().caseId()));
            onRecorded((NodeState) n);
        });
    }

    /** Submits the stage's cases, or, once they are all in, records what the stage decided. */
    private Effect<Event, State> onProgress(NodeState s, Progress c) {
        if (s.phase() != Phase.EVALUATING) {
            return Effect().none();
        }
        Map<String, Outcome> parent = s.stage() < StagedEvaluation.FULL ? parentOutcomes : null;
        if (s.stage() < StagedEvaluation.FULL && parent == null) {
            askParent(s);
            return Effect().none();
        }
        StagedEvaluation.Step step = StagedEvaluation.next(cases(s), s.outcomes(), parent, s.stage(),
                s.spec().raceSeed(), s.spec().race());
        if (step instanceof StagedEvaluation.Step.Run run) {
            submit(s, run.cases());
            return Effect().none();
        }
        ctx.getLog().debug("node {}: {}", s.spec().nodeId(), step);
        Event decided = step instanceof StagedEvaluation.Step.Advance a ? new StageAdvanced(a.stage(), a.reason())
                : step instanceof StagedEvaluation.Step.Reject r ? new Rejected(r.reason())
                : new Scored(Score.of(s.outcomes().values()));
        return Effect().persist(decided).thenRun(n -> proceed((NodeState) n));
    }

    private void onRecorded(NodeState s) {
        // the last case a stage waits for moves the evaluation on, and so does money freed for cases held back
        if (!anyInFlight(s) || heldBack) {
            ctx.getSelf().tell(new Progress("stage complete"));
        }
    }

    /** Whether a submitted case is still unrecorded; stops at the first (this runs on every answer). */
    private boolean anyInFlight(NodeState s) {
        for (String id : submitted) {
            if (!s.outcomes().containsKey(id)) {
                return true;
            }
        }
        return false;
    }

    private Effect<Event, State> onExpand(NodeState s, Expand c) {
        // a pruned node may still be chosen as a parent (it may be the only one passing some cases): the session decides
        if (s.phase() != Phase.SCORED) {
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
        unrecorded.clear();
        submitted.clear();
        waiting.clear();
        proposing.clear();
        answersSinceCheck = 0;
        materializing = false;
        askedParent = false;
        parentOutcomes = null;
        heldBack = false;
    }

    /** Takes the next step the node's phase calls for; safe to call again at any time. */
    private void proceed(NodeState s) {
        switch (s.phase()) {
            case OPENED -> materialize(s);
            case MATERIALIZED -> session(s).tell(new SessionActor.ReserveEvaluation(s.spec().nodeId(), s.sourceRef(),
                    cases(s).size(), allowance(s).capPerCaseUsd(), s.materializeCostUsd()));
            case EVALUATING -> ctx.getSelf().tell(new Progress("evaluating"));
            case SCORED -> session(s).tell(new SessionActor.NodeScored(s.spec().nodeId(), s.score(), s.sourceRef(),
                    s.evaluationCostUsd(), PassMask.of(cases(s), s.outcomes())));
            case REJECTED -> session(s).tell(new SessionActor.NodeRejected(s.spec().nodeId(), s.failure(),
                    s.evaluationCostUsd()));
            case EDIT_FAILED -> session(s).tell(new SessionActor.NodeEditFailed(s.spec().nodeId(), s.failure(),
                    s.materializeCostUsd()));
            case DENIED -> {
            }
        }
    }

    private void materialize(NodeState s) {
        if (materializing) {
            return;
        }
        materializing = true;
        Opened spec = s.spec();
        CompletionStage<Materialized> result;
        try {
            World world = runtime.worlds().world(spec.world());
            result = spec.edit() == null
                    ? CompletableFuture.completedFuture(Materialized.ok(world.materializer().baselineSource(), 0))
                    : CombinedEdits.apply(world.materializer(), spec.parentSource(), spec.edit());
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        ctx.pipeToSelf(result, (m, error) -> new MaterializeDone(error == null ? m
                : Materialized.failed("the edit could not be applied: " + error.getMessage(), 0)));
    }

    private EvaluationAllowance allowance(NodeState s) {
        World world = runtime.worlds().world(s.spec().world());
        return CaseEvaluation.allowance(world.runner(), world.judge(), s.sourceRef());
    }

    /** The node's cases, from the dataset its spec names (read once per process). */
    private List<Case> cases(NodeState s) {
        return runtime.datasets().cases(s.spec().datasetId());
    }

    /**
     * Offers as many of the stage's cases as the reservation covers at the per-case cap to the evaluator pools,
     * which pull them as their slots free; when some must wait, asks the session to raise the reservation, and
     * offers them as answers or a raise come in.
     */
    private void submit(NodeState s, List<Case> cases) {
        List<Case> candidates = cases.stream()
                .filter(c -> !s.outcomes().containsKey(c.id()) && !submitted.contains(c.id())).toList();
        EvaluationAllowance allowance = allowance(s);
        double charged = s.evaluationCostUsd() + unrecorded.values().stream().mapToDouble(CaseRecorded::chargedUsd)
                .sum();
        int out = (int) submitted.stream().filter(id -> !s.outcomes().containsKey(id) && !unrecorded.containsKey(id))
                .count();
        int now = Math.min(candidates.size(), allowance.dispatchable(s.grantedUsd(), charged, out));
        int before = waiting.size();
        for (Case c : candidates.subList(0, now)) {
            submitted.add(c.id());
            waiting.put(c.id(), c);
        }
        heldBack = now < candidates.size();
        if (heldBack) {
            // asked again as answers come in, so the session always knows how many cases are still out
            session(s).tell(new SessionActor.RaiseEvaluation(s.spec().nodeId(),
                    allowance.wantedUsd(charged, out, candidates.size()), out + now));
        }
        if (waiting.size() > before) {
            runtime.evaluators().tell(new EvaluationQueue.Offer(evaluations, waiting.size(), false));
        }
        if (!submitted.isEmpty() && !timers.isTimerActive(DispatchCheck.INSTANCE)) {
            answersSinceCheck = 0;
            timers.startTimerWithFixedDelay(DispatchCheck.INSTANCE, DispatchCheck.INSTANCE, redispatchAfter);
        }
    }

    /** Hands a pool that asked for work up to as many waiting cases as it has free slots for. */
    private Effect<Event, State> onPull(NodeState s, EvaluationQueue.Pull pull) {
        answersSinceCheck++;
        List<Case> cases = new java.util.ArrayList<>();
        var it = waiting.values().iterator();
        while (cases.size() < pull.max() && it.hasNext()) {
            Case c = it.next();
            it.remove();
            if (s.phase() == Phase.EVALUATING && !s.outcomes().containsKey(c.id())
                    && !unrecorded.containsKey(c.id())) {
                cases.add(c);
            }
        }
        EvaluationQueue.answer(pull, evaluations, s.spec().world(), s.sourceRef(), cases, waiting.size());
        return Effect().none();
    }

    /**
     * An evaluator pool on a node that died never answers, and one that lost this node's offer never pulls. When
     * no answer and no pull at all came in a whole period, the cases still out are offered again; an outcome that
     * then arrives twice is recorded once.
     */
    private Effect<Event, State> onDispatchCheck(NodeState s) {
        submitted.removeIf(id -> s.outcomes().containsKey(id));
        if (s.phase() != Phase.EVALUATING || submitted.isEmpty()) {
            timers.cancel(DispatchCheck.INSTANCE);
            return Effect().none();
        }
        if (answersSinceCheck == 0) {
            if (submitted.size() > waiting.size()) {
                ctx.getLog().warn("node {}: no answer for {} case(s) in {}; offering them again",
                        ctx.getSelf().path().name(), submitted.size() - waiting.size(), redispatchAfter);
            }
            submitted.clear();
            waiting.clear();
            proceed(s);
        }
        answersSinceCheck = 0;
        return Effect().none();
    }

    private void askParent(NodeState s) {
        if (!askedParent) {
            askedParent = true;
            ref(ctx.getSystem(), s.spec().sessionId(), s.spec().parentId()).tell(new GetOutcomes(ctx.getSelf()));
        }
    }

    private EntityRef<SessionActor.Command> session(NodeState s) {
        return SessionActor.ref(ctx.getSystem(), s.spec().sessionId());
    }

    private static NodeState recorded(NodeState s, List<CaseRecorded> records) {
        Map<String, Outcome> outcomes = new LinkedHashMap<>(s.outcomes());
        double charged = s.evaluationCostUsd();
        for (CaseRecorded r : records) {
            outcomes.put(r.outcome().caseId(), r.outcome());
            charged += r.chargedUsd();
        }
        return new NodeState(s.spec(), s.phase(), s.sourceRef(), s.materializeCostUsd(), outcomes, charged, s.stage(),
                s.score(), s.failure(), s.pruned(), s.grantedUsd());
    }

    @Override
    public EventHandler<State, Event> eventHandler() {
        var b = newEventHandlerBuilder();
        b.forStateType(Blank.class)
                .onEvent(Opened.class, (s, e) -> new NodeState(e, Phase.OPENED, null, 0, Map.of(), 0,
                        StagedEvaluation.firstStage(e.staged(), e.parentId() != null), null, null, false, 0));
        b.forStateType(NodeState.class)
                .onEvent(SourceMaterialized.class, (s, e) -> new NodeState(s.spec(), Phase.MATERIALIZED, e.sourceRef(),
                        e.costUsd(), s.outcomes(), 0, s.stage(), null, null, s.pruned(), 0))
                .onEvent(EditFailed.class, (s, e) -> new NodeState(s.spec(), Phase.EDIT_FAILED, null, e.costUsd(),
                        s.outcomes(), 0, s.stage(), null, e.reason(), s.pruned(), 0))
                .onEvent(EvaluationGranted.class, (s, e) -> s.with(Phase.EVALUATING).granted(e.amountUsd()))
                .onEvent(EvaluationDenied.class, (s, e) -> s.failing(Phase.DENIED, e.reason()))
                .onEvent(CaseRecorded.class, (s, e) -> recorded(s, List.of(e)))
                .onEvent(CasesRecorded.class, (s, e) -> recorded(s, e.cases()))
                .onEvent(StageAdvanced.class, (s, e) -> new NodeState(s.spec(), s.phase(), s.sourceRef(),
                        s.materializeCostUsd(), s.outcomes(), s.evaluationCostUsd(), e.stage(), s.score(), s.failure(),
                        s.pruned(), s.grantedUsd()))
                .onEvent(Rejected.class, (s, e) -> s.failing(Phase.REJECTED, e.reason()))
                .onEvent(Scored.class, (s, e) -> new NodeState(s.spec(), Phase.SCORED, s.sourceRef(),
                        s.materializeCostUsd(), s.outcomes(), s.evaluationCostUsd(), s.stage(), e.score(), null,
                        s.pruned(), s.grantedUsd()))
                .onEvent(Pruned.class, (s, e) -> new NodeState(s.spec(), s.phase(), s.sourceRef(),
                        s.materializeCostUsd(), s.outcomes(), s.evaluationCostUsd(), s.stage(), s.score(), s.failure(),
                        true, s.grantedUsd()));
        return b.build();
    }
}
