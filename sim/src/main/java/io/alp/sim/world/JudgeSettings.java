package io.alp.sim.world;

/** The simulated judge's noise and price: how often a sample flips the truth, how often a reason is vague. */
public record JudgeSettings(double flipRate, double vagueRate, double costPerCase) {
}
