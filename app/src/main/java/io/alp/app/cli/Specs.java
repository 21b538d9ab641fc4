package io.alp.app.cli;

import io.alp.actors.session.SessionSpec;
import io.alp.app.UserError;
import io.alp.engine.model.WorldSpec;
import io.alp.engine.search.OptimizerConfig;

/** Builds a session spec from command-line values, turning invalid ones into a clear error. */
final class Specs {

    private Specs() {
    }

    /** A session with the default search and {@code budget} dollars. */
    static SessionSpec of(String id, String name, WorldSpec world, int cases, long seed, double budget) {
        try {
            return new SessionSpec(id, name, world, cases, seed, OptimizerConfig.withBudget(budget));
        } catch (IllegalArgumentException e) {
            throw UserError.badInput(e.getMessage());
        }
    }
}
