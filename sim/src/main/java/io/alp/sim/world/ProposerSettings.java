package io.alp.sim.world;

/** The simulated proposer: how often it acts on what the failure reasons say, and what one call costs. */
public record ProposerSettings(double insight, double costPerCall) {
}
