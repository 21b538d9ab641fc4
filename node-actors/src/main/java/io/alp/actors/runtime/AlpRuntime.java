package io.alp.actors.runtime;

import io.alp.actors.evaluation.EvaluationQueue;
import io.alp.actors.proposer.ProposerActor;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What the sharded entities of one node share: the worlds and datasets their events refer to, the evaluator pool
 * and the proposer.
 */
public record AlpRuntime(WorldRegistry worlds, DatasetRegistry datasets, ActorRef<EvaluationQueue.Command> evaluators,
                         ActorRef<ProposerActor.Command> proposer) {

    /** Datasets from the same catalog as the worlds. */
    public AlpRuntime(WorldRegistry worlds, ActorRef<EvaluationQueue.Command> evaluators,
                      ActorRef<ProposerActor.Command> proposer) {
        this(worlds, new DatasetRegistry(worlds.catalog()), evaluators, proposer);
    }
}
