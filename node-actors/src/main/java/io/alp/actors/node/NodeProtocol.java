package io.alp.actors.node;

import io.alp.actors.CborSerializable;
import io.alp.actors.evaluation.EvaluationQueue;
import io.alp.engine.model.Edit;
import io.alp.engine.model.Outcome;
import io.alp.engine.model.Score;
import io.alp.engine.model.WorldRef;
import io.alp.engine.port.Materialized;
import io.alp.engine.port.ProposalBatch;
import io.alp.engine.port.ReflectionGoal;
import io.alp.engine.search.Racing;
import org.apache.pekko.actor.typed.ActorRef;

import java.util.List;
import java.util.Map;

/**
 * The messages a {@link NodeActor} takes: public ones from its session, its children and inspectors; package-private
 * ones from itself, its timers and the adapters of its evaluator and proposer replies.
 */
public final class NodeProtocol {

    private NodeProtocol() {
    }

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

    /**
     * Reflect on this node's outcomes and propose {@code count} children's edits for round {@code roundId} that
     * serve {@code goal} (null from a sender without goals: the frontier).
     */
    public record Expand(String roundId, int count, List<Edit> exclude, List<Edit> branchEdits, Score parentScore,
                         long seed, ReflectionGoal goal) implements Command {
    }

    public record Prune(String reason) implements Command {
    }

    public record ReservationGranted(double amountUsd) implements Command {
    }

    public record ReservationDenied(String reason) implements Command {
    }

    public record GetView(ActorRef<View> replyTo) implements Command {
    }

    /** What the node is and has, for inspection. */
    public record View(String phase, String sourceRef, int outcomes, Score score, boolean pruned)
            implements CborSerializable {
    }

    /** @param cached answered from the evaluation cache: recorded, but charged nothing */
    record CaseEvaluated(Outcome outcome, boolean cached) implements Command {
    }

    record CaseErrored(String caseId, String error) implements Command {
    }

    /** An evaluator pool has free slots: it takes up to {@code max} of the cases waiting here. */
    record PullAsked(EvaluationQueue.Pull pull) implements Command {
    }

    record Proposed(String roundId, ProposalBatch batch) implements Command {
    }

    /** @param costUsd what the failed proposing still cost (e.g. malformed replies), charged to the budget */
    record ProposalFailed(String roundId, String reason, double costUsd) implements Command {
    }

    record MaterializeDone(Materialized result) implements Command {
    }

    /** Time to journal the outcomes that came in since the first of them. */
    enum FlushOutcomes implements Command {
        INSTANCE
    }

    /** Periodic while cases are out: work that got no answer at all in a whole period is dispatched again. */
    enum DispatchCheck implements Command {
        INSTANCE
    }

    /** Look at what is recorded and take the next step of the evaluation. */
    enum Progress implements Command {
        INSTANCE
    }
}
