package io.alp.sim.world;

/** A control-flow scaffold (none, plan, plan-verify, reflect, ...): its extra calls multiply all tokens by {@code tokenFactor}. */
public record Scaffold(String name, double tokenFactor) {
}
