package io.alp.actors.runtime;

import io.alp.engine.model.Dataset;
import io.alp.engine.model.WorldSpec;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where what events and messages refer to is stored: world definitions by content hash, frozen datasets by id.
 * There is one per database, so every node of a cluster resolves the same references. Writes are idempotent: the
 * same content under the same key is stored once.
 */
public interface Catalog {

    void putWorld(WorldSpec world);

    Optional<WorldSpec> world(String hash);

    void putDataset(Dataset dataset);

    Optional<Dataset> dataset(String id);

    /**
     * The catalog of a process without a shared database (tests, benchmarks): what any registry in this JVM
     * registered.
     */
    static Catalog local() {
        return Local.CATALOG;
    }

    /** A catalog of its own, held in memory (what a reader learns from old journals). */
    static Catalog inMemory() {
        return new Catalog() {
            private final Map<String, WorldSpec> worlds = new ConcurrentHashMap<>();
            private final Map<String, Dataset> datasets = new ConcurrentHashMap<>();

            @Override
            public void putWorld(WorldSpec world) {
                worlds.putIfAbsent(world.ref().hash(), world);
            }

            @Override
            public Optional<WorldSpec> world(String hash) {
                return Optional.ofNullable(worlds.get(hash));
            }

            @Override
            public void putDataset(Dataset dataset) {
                datasets.putIfAbsent(dataset.id(), dataset);
            }

            @Override
            public Optional<Dataset> dataset(String id) {
                return Optional.ofNullable(datasets.get(id));
            }
        };
    }

    /** Looks here first, then in {@code fallback}; writes stay here. */
    default Catalog over(Catalog fallback) {
        Catalog first = this;
        return new Catalog() {
            @Override
            public void putWorld(WorldSpec world) {
                first.putWorld(world);
            }

            @Override
            public Optional<WorldSpec> world(String hash) {
                return first.world(hash).or(() -> fallback.world(hash));
            }

            @Override
            public void putDataset(Dataset dataset) {
                first.putDataset(dataset);
            }

            @Override
            public Optional<Dataset> dataset(String id) {
                return first.dataset(id).or(() -> fallback.dataset(id));
            }
        };
    }

    /** Holder of {@link #local()}. */
    final class Local {
        private static final Catalog CATALOG = inMemory();

        private Local() {
        }
    }
}
