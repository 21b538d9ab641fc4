package io.alp.sim;

import io.alp.engine.model.WorldSpec;
import io.alp.engine.port.World;
import io.alp.engine.port.WorldFactory;
import io.alp.judge.VotingJudge;
import io.alp.sim.world.WorldDefinition;
import io.alp.sim.world.WorldParser;

/** Builds the simulated world's ports from a {@link WorldSpec} of kind {@code sim}. */
public final class SimWorldFactory implements WorldFactory {

    @Override
    public boolean supports(String kind) {
        return SimWorlds.KIND.equals(kind);
    }

    /**
     * @throws io.alp.sim.world.WorldDefinitionException when the definition is malformed (naming line and field)
     * @throws IllegalArgumentException                  for an unknown or malformed setting
     */
    @Override
    public World create(WorldSpec ref) {
        if (!supports(ref.kind())) {
            throw new IllegalArgumentException("world kind \"" + ref.kind() + "\" is not simulated (expected sim)");
        }
        WorldDefinition definition = WorldParser.parse(SimWorlds.fileName(ref.name()), ref.definition());
        return create(new SimWorld(definition, SimSettings.from(ref.settings(), definition)));
    }

    public static World create(SimWorld world) {
        return new World(world.label(), true, new SimCaseSampler(world.definition()), new SimProposer(world),
                new SimMaterializer(world), new SimRunner(world),
                VotingJudge.of(new SimJudge(world), world.settings().judgeSamples()));
    }
}
