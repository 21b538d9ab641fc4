package io.alp.engine.frontier;

import java.util.List;
import java.util.Map;

/**
 * What adding one scored node did to the frontier.
 *
 * @param moved     the node entered the frontier and enlarged its hypervolume
 * @param pruned    nodes that are now strictly dominated (possibly the added node itself)
 * @param estimates the estimated pass-rate of each frontier node ({@link TreeEstimates}); empty in updates
 *                  recorded before estimates existed
 */
public record FrontierUpdate(String nodeId, boolean moved, List<String> frontier, List<String> pruned,
                             double hypervolume, Map<String, Double> estimates) {
    public FrontierUpdate {
        frontier = List.copyOf(frontier);
        pruned = List.copyOf(pruned);
        estimates = estimates == null ? Map.of() : Map.copyOf(estimates);
    }
}
