package io.alp.bench.search;

import io.alp.engine.model.Dataset;
import io.alp.engine.port.World;
import io.alp.sim.SimulationConfig;

/** A search over single edits to an agent that spends at most a dollar budget. */
public interface SearchMethod {

    String name();

    /** The world's settings as this method runs on it (ALP votes over judge samples; the baselines take one). */
    default SimulationConfig settings(SimulationConfig world) {
        return world;
    }

    /** Runs on a fresh world; must be deterministic for a seed and never spend more than {@code budgetUsd}. */
    MethodResult run(World world, Dataset dataset, double budgetUsd, long seed);
}
