package io.alp.engine.search;

import io.alp.engine.port.ReflectionGoal;

import java.util.List;

/**
 * Everything a {@link Round} holds, as plain data: what a saved search state keeps of each round.
 *
 * @param goal what an expansion's proposals serve (null in snapshots saved before goals existed: the frontier)
 */
public record RoundFacts(String id, RoundKind kind, String parentId, List<String> children, boolean proposed,
                         boolean closed, double proposerCostUsd, ReflectionGoal goal) {
    public RoundFacts {
        children = List.copyOf(children);
        goal = goal == null ? ReflectionGoal.FRONTIER : goal;
    }
}
