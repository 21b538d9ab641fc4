package io.alp.sim.world;

/**
 * How the agent keeps its context: input and output token factors, and a pass-logit penalty on long-context
 * categories for what the policy drops.
 */
public record MemoryPolicy(String name, double inputFactor, double outputFactor, double longContextPenalty) {
}
