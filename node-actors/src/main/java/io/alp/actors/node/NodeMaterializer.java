package io.alp.actors.node;

import io.alp.engine.node.NodeLifecycle;
import io.alp.engine.node.NodeLifecycle.Materializing;
import io.alp.engine.node.NodeSpec;
import io.alp.engine.port.Materialized;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

import java.util.concurrent.CompletionStage;

/** Applies a node's edit to its parent's source through its world, at most once at a time, and publishes the result. */
final class NodeMaterializer {

    private final NodeResources resources;
    private final ActorContext<NodeProtocol.Command> ctx;
    private boolean materializing;

    NodeMaterializer(NodeResources resources, ActorContext<NodeProtocol.Command> ctx) {
        this.resources = resources;
        this.ctx = ctx;
    }

    /** Starts materializing, unless it is under way; the result comes back as {@link NodeProtocol.MaterializeDone}. */
    void start(Materializing m) {
        if (materializing) {
            return;
        }
        materializing = true;
        CompletionStage<Materialized> result =
                Materialized.guarded(() -> m.materialize(resources.world(m).materializer()));
        ctx.pipeToSelf(result, (done, error) -> new NodeProtocol.MaterializeDone(error == null ? done
                : Materialized.notApplied(error)));
    }

    /** The result came back (or was lost with a failed incarnation): a later {@link #start} materializes again. */
    void finished() {
        materializing = false;
    }

    /** Names the node's source where a reviewer finds it (e.g. a ref in the agent's repository); best effort. */
    void publish(NodeLifecycle s, String sourceRef) {
        NodeSpec spec = s.spec();
        try {
            resources.world(s).materializer().publish(spec.sessionId(), spec.nodeId(), sourceRef);
        } catch (RuntimeException e) {
            ctx.getLog().warn("node {}/{}: could not publish its source {}: {}", spec.sessionId(), spec.nodeId(),
                    sourceRef, e.getMessage());
        }
    }
}
