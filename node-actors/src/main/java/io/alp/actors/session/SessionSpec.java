package io.alp.actors.session;

import io.alp.engine.model.WorldSpec;
import io.alp.engine.search.OptimizerConfig;

/**
 * Everything needed to start a session, as given by the user's session config.
 *
 * @param optimizer how to search and the dollar budget (version 3 of {@link SessionActor.SessionStarted}; before,
 *                  the budget and the search config were fields of their own, see
 *                  {@link io.alp.actors.journal.JournalMigrations.SessionStarted})
 */
public record SessionSpec(String id, String name, WorldSpec world, int datasetSize, long seed,
                          OptimizerConfig optimizer) {
    public SessionSpec {
        if (id == null || id.isBlank() || id.contains("/")) {
            throw new IllegalArgumentException("session id must be non-empty and contain no '/': " + id);
        }
        if (datasetSize < 1) {
            throw new IllegalArgumentException("dataset size must be at least 1, got " + datasetSize);
        }
        if (optimizer == null) {
            throw new IllegalArgumentException("a session needs an optimizer config (search and budget)");
        }
    }

    public SessionSpec withDatasetSize(int size) {
        return new SessionSpec(id, name, world, size, seed, optimizer);
    }

    public SessionSpec withWorld(WorldSpec other) {
        return new SessionSpec(id, name, other, datasetSize, seed, optimizer);
    }
}
