package io.alp.actors.runtime;

import java.util.Set;

/**
 * Cluster roles. A node with {@code sessions} hosts the sharded SessionActors and NodeActors (and a proposer); a
 * node with {@code evaluators} runs an evaluator pool that every node's work can reach. A laptop node has both; a
 * process that only submits or reads sessions has neither and reaches the entities through sharding proxies.
 */
public final class Roles {

    public static final String SESSIONS = "sessions";
    public static final String EVALUATORS = "evaluators";
    public static final Set<String> ALL = Set.of(SESSIONS, EVALUATORS);

    private Roles() {
    }
}
