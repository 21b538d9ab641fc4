package io.alp.actors.node;

import io.alp.actors.evaluation.EvaluationQueue;
import io.alp.actors.node.NodeProtocol.Command;
import io.alp.actors.node.NodeProtocol.DispatchCheck;
import io.alp.actors.session.SessionActor;
import io.alp.engine.model.Case;
import io.alp.engine.node.Dispatch;
import io.alp.engine.node.Evaluating;
import io.alp.engine.node.EvaluationWindow;
import io.alp.engine.node.NodeLifecycle;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

import java.time.Duration;
import java.util.List;

/**
 * Sends a node's cases out: offers the cases the lifecycle dispatches to the evaluator pools, which pull them as their
 * slots free; asks the session to raise the reservation when some must wait for money; and offers again what got no
 * answer at all in a whole period.
 */
final class CaseDispatcher {

    private final NodeResources resources;
    private final ActorContext<Command> ctx;
    private final TimerScheduler<Command> timers;
    private final EvaluationWindow window;
    private final ActorRef<EvaluationQueue.Reply> evaluations;
    private final Duration redispatchAfter;
    private int answersSinceCheck;

    CaseDispatcher(NodeResources resources, EvaluationWindow window, ActorContext<Command> ctx,
                   TimerScheduler<Command> timers) {
        this.resources = resources;
        this.window = window;
        this.ctx = ctx;
        this.timers = timers;
        this.redispatchAfter = ctx.getSystem().settings().config().getDuration("alp.evaluators.redispatch-after");
        this.evaluations = ctx.messageAdapter(EvaluationQueue.Reply.class, CaseDispatcher::fromEvaluators);
    }

    private static Command fromEvaluators(EvaluationQueue.Reply reply) {
        if (reply instanceof EvaluationQueue.Evaluated e) {
            return new NodeProtocol.CaseEvaluated(e.outcome(), e.cached());
        }
        if (reply instanceof EvaluationQueue.Failed f) {
            return new NodeProtocol.CaseErrored(f.caseId(), f.error());
        }
        return new NodeProtocol.PullAsked((EvaluationQueue.Pull) reply);
    }

    /**
     * Offers what the lifecycle dispatches of {@code stageCases}; when some must wait for money, asks the session to
     * raise the reservation, and offers them as answers or a raise come in.
     */
    void send(Evaluating e, List<Case> stageCases) {
        Dispatch dispatch = e.dispatch(stageCases, window, resources.allowance(e));
        window.sent(dispatch);
        if (dispatch.heldBack()) {
            // asked again as answers come in, so the session always knows how many cases are still out
            resources.session(e).tell(new SessionActor.RaiseEvaluation(e.spec().nodeId(),
                    dispatch.raise().wantedUsd(), dispatch.raise().inFlight()));
        }
        if (!dispatch.cases().isEmpty()) {
            resources.runtime().evaluators().tell(new EvaluationQueue.Offer(evaluations, window.queued(), false));
        }
        if (window.hasSent() && !timers.isTimerActive(DispatchCheck.INSTANCE)) {
            answersSinceCheck = 0;
            timers.startTimerWithFixedDelay(DispatchCheck.INSTANCE, DispatchCheck.INSTANCE, redispatchAfter);
        }
    }

    /** Hands a pool that asked for work up to as many offered cases as it has free slots for. */
    void pull(NodeLifecycle s, EvaluationQueue.Pull pull) {
        answersSinceCheck++;
        List<Case> cases = window.take(pull.max(), id -> s instanceof Evaluating e && e.wants(id, window));
        EvaluationQueue.answer(pull, evaluations, s.spec().world(), s.sourceRef(), cases, window.queued());
    }

    /** A case's answer came in. */
    void answered() {
        answersSinceCheck++;
    }

    /**
     * An evaluator pool on a node that died never answers, and one that lost this node's offer never pulls. When no
     * answer and no pull at all came in a whole period, the cases still out are due again: true when the node is to
     * send them (an outcome that then arrives twice is recorded once).
     */
    boolean periodEnded(NodeLifecycle s) {
        int unrecorded = window.unrecorded(s.outcomes());
        if (!(s instanceof Evaluating) || unrecorded == 0) {
            timers.cancel(DispatchCheck.INSTANCE);
            return false;
        }
        boolean silent = answersSinceCheck == 0;
        if (silent) {
            if (unrecorded > window.queued()) {
                ctx.getLog().warn("node {}: no answer for {} case(s) in {}; offering them again",
                        ctx.getSelf().path().name(), unrecorded - window.queued(), redispatchAfter);
            }
            window.resend();
        }
        answersSinceCheck = 0;
        return silent;
    }

    /** Forgets what was sent: the answers may have been lost with the node's failed incarnation. */
    void forget() {
        window.forget();
        answersSinceCheck = 0;
    }
}
