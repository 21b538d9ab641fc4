package io.alp.sim.oracle;

import io.alp.sim.world.AgentSpec;
import io.alp.sim.world.Harness;
import io.alp.sim.world.WorldDefinition;

import java.util.ArrayList;
import java.util.List;

/**
 * Numbers every configuration of a world: index = harness x routeCount + route, a harness numbering
 * (clauses, tools, scaffold, memory) and a route its models per category in base modelCount.
 */
final class ConfigurationSpace {

    private final int tools;
    private final int scaffolds;
    private final int memories;
    private final int models;
    private final int categories;
    private final int harnessCount;
    private final int routeCount;

    ConfigurationSpace(WorldDefinition world) {
        long configurations = world.configurationCount();
        if (configurations > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException(world.label() + " has " + configurations
                    + " configurations, too many to enumerate exactly");
        }
        tools = world.tools().size();
        scaffolds = world.scaffolds().size();
        memories = world.memories().size();
        models = world.models().size();
        categories = world.categories().size();
        harnessCount = world.harnessCount();
        routeCount = (int) world.routeCount();
    }

    int harnessCount() {
        return harnessCount;
    }

    int routeCount() {
        return routeCount;
    }

    int size() {
        return harnessCount * routeCount;
    }

    Harness harness(int index) {
        int memory = index % memories;
        index /= memories;
        int scaffold = index % scaffolds;
        index /= scaffolds;
        int toolMask = index & ((1 << tools) - 1);
        int clauseMask = index >>> tools;
        return new Harness(clauseMask, toolMask, scaffold, memory);
    }

    /** The model index per category of a route number. */
    int[] route(int index) {
        int[] route = new int[categories];
        for (int c = categories - 1; c >= 0; c--) {
            route[c] = index % models;
            index /= models;
        }
        return route;
    }

    AgentSpec spec(int configuration) {
        List<Integer> route = new ArrayList<>();
        for (int model : route(configuration % routeCount)) {
            route.add(model);
        }
        return new AgentSpec(harness(configuration / routeCount), route);
    }
}
