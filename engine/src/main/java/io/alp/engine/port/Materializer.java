package io.alp.engine.port;

import io.alp.engine.model.Edit;

import java.util.concurrent.CompletionStage;

/** Applies one edit to a parent's source, yielding the child's source (a commit, or a simulated spec). */
public interface Materializer {

    /** The root's source: the agent as deployed. */
    String baselineSource();

    CompletionStage<Materialized> apply(String parentSource, Edit edit);

    /**
     * Makes a node's source findable by a reviewer, e.g. as {@code refs/alp/<session>/<node>} in the agent's
     * repository. Called once the node's source exists; a simulated world has nothing to publish.
     */
    default void publish(String sessionId, String nodeId, String sourceRef) {
    }

    /** An upper bound on one {@link #apply} call's cost; a materializer that calls an LLM must override this. */
    default double maxCostUsd() {
        return 0;
    }
}
