package io.alp.actors.runtime;

import io.alp.actors.evaluation.EvaluationQueue;
import io.alp.actors.proposer.ProposerActor;
import org.apache.pekko.actor.typed.ActorRef;

/** What the sharded entities of one node share: the ports registry, the evaluator pool and the proposer. */
public record AlpRuntime(WorldRegistry worlds, ActorRef<EvaluationQueue.Command> evaluators,
                         ActorRef<ProposerActor.Command> proposer) {
}
