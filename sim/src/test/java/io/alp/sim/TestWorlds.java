package io.alp.sim;

import io.alp.engine.model.Case;
import io.alp.sim.world.AgentSpec;
import io.alp.sim.world.Harness;
import io.alp.sim.world.WorldDefinition;
import io.alp.sim.world.WorldParser;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Bundled worlds and random agents for tests. */
final class TestWorlds {

    private TestWorlds() {
    }

    static WorldDefinition definition(String name) {
        return WorldParser.parse(name + ".yaml", SimWorlds.definition(name));
    }

    static SimWorld world(String name, Map<String, String> settings) {
        WorldDefinition definition = definition(name);
        return new SimWorld(definition, SimSettings.from(settings, definition));
    }

    static SimWorld world(String name) {
        return world(name, Map.of());
    }

    static List<Case> cases(SimWorld world, int size, long seed) {
        return new SimCaseSampler(world.definition()).sample(size, seed);
    }

    static AgentSpec randomSpec(WorldDefinition world, SplittableRandom random) {
        Harness harness = new Harness(random.nextInt(1 << world.clauses().size()),
                random.nextInt(1 << world.tools().size()), random.nextInt(world.scaffolds().size()),
                random.nextInt(world.memories().size()));
        List<Integer> route = new ArrayList<>();
        for (int c = 0; c < world.categories().size(); c++) {
            route.add(random.nextInt(world.models().size()));
        }
        return new AgentSpec(harness, route);
    }

    static String randomSource(SimWorld world, SplittableRandom random) {
        return world.codec().format(randomSpec(world.definition(), random));
    }
}
