package io.alp.sim;

import io.alp.sim.world.WorldDefinition;

import java.util.Map;

/**
 * A session's knobs on one simulated world, every value decided: a {@link SimulationConfig} on that world, with
 * what the session left out taken from the world's definition.
 */
public record SimSettings(long seed, double flipRate, double vagueRate, int judgeSamples, double insight,
                          long latencyMs, double editFailureRate) {

    public static SimSettings defaults(WorldDefinition world) {
        return from(Map.of(), world);
    }

    /**
     * The settings a world reference carries ({@code WorldSpec.settings()}), on {@code world}.
     *
     * @throws IllegalArgumentException for an unknown key or a bad value, naming the key
     */
    public static SimSettings from(Map<String, String> settings, WorldDefinition world) {
        return SimulationConfig.fromSettings(settings).on(world);
    }
}
