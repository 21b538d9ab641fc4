package io.alp.bench.search;

import io.alp.engine.model.Dataset;
import io.alp.engine.port.World;
import io.alp.sim.behaviour.StableRandom;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A baseline that grows a pool of candidates from the evaluated baseline, paying through a {@link MeteredWorld}:
 * this class evaluates the baseline (or reports nothing when even that does not fit the budget), seeds the method's
 * random draws, and reports the pool; subclasses only search.
 */
abstract class PoolSearch implements SearchMethod {

    @Override
    public final MethodResult run(World world, Dataset dataset, double budgetUsd, long seed) {
        MeteredWorld metered = new MeteredWorld(world, budgetUsd);
        Optional<Pool> started = Pool.start(metered, dataset.cases());
        if (started.isEmpty()) {
            return metered.result(List.of());
        }
        Pool pool = started.get();
        search(metered, pool, new SplittableRandom(StableRandom.hash(seed, "bench", name())), seed);
        return pool.result(metered);
    }

    /** Grows {@code pool} until the method stops or the budget runs out; {@code seed} is the run's seed. */
    abstract void search(MeteredWorld metered, Pool pool, SplittableRandom random, long seed);
}
