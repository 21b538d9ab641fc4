package io.alp.sim;

import io.alp.sim.agent.SpecCodec;
import io.alp.sim.behaviour.Diagnosis;
import io.alp.sim.behaviour.GroundTruth;
import io.alp.sim.behaviour.OutcomeModel;
import io.alp.sim.world.WorldDefinition;
import io.alp.sim.world.WorldParser;

/** One simulated world with a session's settings: the shared parts every simulated port works from. */
public final class SimWorld {

    private final WorldDefinition definition;
    private final SimSettings settings;
    private final SpecCodec codec;
    private final OutcomeModel model;
    private final Diagnosis diagnosis;
    private final GroundTruth truth;

    public SimWorld(WorldDefinition definition, SimSettings settings) {
        this.definition = definition;
        this.settings = settings;
        this.codec = new SpecCodec(definition);
        this.model = new OutcomeModel(definition);
        this.diagnosis = new Diagnosis(model);
        this.truth = new GroundTruth(model, settings.seed());
    }

    /** A bundled world by name, or a world file, with default settings. */
    public static SimWorld load(String nameOrPath) {
        WorldDefinition definition = WorldParser.parse(SimWorlds.fileName(nameOrPath), SimWorlds.definition(nameOrPath));
        return new SimWorld(definition, SimSettings.defaults(definition));
    }

    public WorldDefinition definition() {
        return definition;
    }

    public SimSettings settings() {
        return settings;
    }

    public SpecCodec codec() {
        return codec;
    }

    public OutcomeModel model() {
        return model;
    }

    public Diagnosis diagnosis() {
        return diagnosis;
    }

    public GroundTruth truth() {
        return truth;
    }

    public String label() {
        return definition.label();
    }
}
