package io.alp.engine.frontier;

import java.util.List;

/**
 * What adding one scored node did to the frontier.
 *
 * @param moved  the node entered the frontier and enlarged its hypervolume
 * @param pruned nodes that are now strictly dominated (possibly the added node itself)
 */
public record FrontierUpdate(String nodeId, boolean moved, List<String> frontier, List<String> pruned,
                             double hypervolume) {
    public FrontierUpdate {
        frontier = List.copyOf(frontier);
        pruned = List.copyOf(pruned);
    }
}
