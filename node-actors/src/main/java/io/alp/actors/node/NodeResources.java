package io.alp.actors.node;

import io.alp.actors.runtime.AlpRuntime;
import io.alp.actors.session.SessionActor;
import io.alp.engine.evaluation.CaseEvaluation;
import io.alp.engine.evaluation.EvaluationAllowance;
import io.alp.engine.model.Case;
import io.alp.engine.node.NodeLifecycle;
import io.alp.engine.port.World;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

import java.util.List;

/** What an opened node's spec refers to, looked up for its actor: its world, its cases, its session. */
final class NodeResources {

    private final AlpRuntime runtime;
    private final ActorSystem<?> system;

    NodeResources(AlpRuntime runtime, ActorSystem<?> system) {
        this.runtime = runtime;
        this.system = system;
    }

    AlpRuntime runtime() {
        return runtime;
    }

    World world(NodeLifecycle s) {
        return runtime.worlds().world(s.spec().world());
    }

    EvaluationAllowance allowance(NodeLifecycle s) {
        World world = world(s);
        return CaseEvaluation.allowance(world.runner(), world.judge(), s.sourceRef());
    }

    /** The node's cases, from the dataset its spec names (read once per process). */
    List<Case> cases(NodeLifecycle s) {
        return runtime.datasets().cases(s.spec().datasetId());
    }

    EntityRef<SessionActor.Command> session(NodeLifecycle s) {
        return SessionActor.ref(system, s.spec().sessionId());
    }
}
