package io.alp.sim.bench;

import java.util.List;

/**
 * What one search run produced: every candidate it evaluated on every case (the baseline included), what it
 * spent, and how many (candidate, case) evaluations it ran.
 */
public record MethodResult(List<Evaluated> evaluated, double spentUsd, long evaluations) {
    public MethodResult {
        evaluated = List.copyOf(evaluated);
    }
}
