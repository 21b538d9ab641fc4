package io.alp.bench.search;

import java.util.Map;

import io.alp.engine.model.Dataset;
import io.alp.engine.port.World;

/** A search over single edits to an agent that spends at most a dollar budget. */
public interface SearchMethod {

    String name();

    /** World settings this method brings with it (ALP votes over judge samples; the baselines take one). */
    default Map<String, String> settings() {
        return Map.of();
    }

    /** Runs on a fresh world; must be deterministic for a seed and never spend more than {@code budgetUsd}. */
    MethodResult run(World world, Dataset dataset, double budgetUsd, long seed);
}
