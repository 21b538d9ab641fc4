package io.alp.sim.world;

import java.util.ArrayList;
import java.util.List;

/** A point of a world's configuration space: a harness plus the model index each task category is routed to. */
public record AgentSpec(Harness harness, List<Integer> route) {
    public AgentSpec {
        route = List.copyOf(route);
    }

    public int modelFor(int category) {
        return route.get(category);
    }

    public AgentSpec withHarness(Harness changed) {
        return new AgentSpec(changed, route);
    }

    public AgentSpec withRoute(int category, int model) {
        List<Integer> changed = new ArrayList<>(route);
        changed.set(category, model);
        return new AgentSpec(harness, changed);
    }
}
