package io.alp.sim.oracle;

/** The ground truth of one configuration on some cases: expected pass-rate and mean dollars per case. */
public record TrueScore(double passRate, double costPerCase) {
}
