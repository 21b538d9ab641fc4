package io.alp.actors.session;

import io.alp.engine.model.WorldSpec;
import io.alp.engine.search.SearchConfig;

/** Everything needed to start a session, as given by the user's session config. */
public record SessionSpec(String id, String name, WorldSpec world, int datasetSize, long seed, double budgetUsd,
                          SearchConfig search) {
    public SessionSpec {
        if (id == null || id.isBlank() || id.contains("/")) {
            throw new IllegalArgumentException("session id must be non-empty and contain no '/': " + id);
        }
        if (datasetSize < 1) {
            throw new IllegalArgumentException("dataset size must be at least 1, got " + datasetSize);
        }
        if (!(budgetUsd > 0)) {
            throw new IllegalArgumentException("budget must be a positive number of dollars, got " + budgetUsd);
        }
    }

    public SessionSpec withDatasetSize(int size) {
        return new SessionSpec(id, name, world, size, seed, budgetUsd, search);
    }

    public SessionSpec withWorld(WorldSpec other) {
        return new SessionSpec(id, name, other, datasetSize, seed, budgetUsd, search);
    }
}
