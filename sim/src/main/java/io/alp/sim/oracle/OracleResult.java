package io.alp.sim.oracle;

import java.util.List;

/**
 * The exact Pareto frontier of a simulated world on a dataset (cheapest first) and how many configurations were
 * enumerated; serializes with Jackson as {@code {frontier:[{passRate, costPerCase, config}], configurations:N}}.
 */
public record OracleResult(List<FrontierPoint> frontier, long configurations) {
    public OracleResult {
        frontier = List.copyOf(frontier);
    }
}
