package io.alp.sim.behaviour;

/** Tokens one simulated case consumed. */
public record TokenUsage(long inputTokens, long outputTokens) {
}
