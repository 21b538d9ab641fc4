package io.alp.engine.port;

/** A judge's decision on one output; {@code agreement} is the fraction of samples that voted for it. */
public record Verdict(boolean pass, String reason, double costUsd, double agreement) {
}
