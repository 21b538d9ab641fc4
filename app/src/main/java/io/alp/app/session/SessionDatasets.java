package io.alp.app.session;

import io.alp.app.UserError;
import io.alp.cluster.NodeSettings;
import io.alp.engine.model.Dataset;
import io.alp.engine.traffic.TrafficFormatException;
import io.alp.traffic.DatasetFreezer;
import io.alp.traffic.store.DatasetStore;
import io.alp.traffic.store.DatasetStoreException;

import java.io.PrintStream;
import java.time.Instant;

/** Resolves where a session's cases come from before it starts: a frozen dataset, or traffic frozen now. */
public final class SessionDatasets {

    private SessionDatasets() {
    }

    /** The session's frozen dataset, or null when the simulated world generates its cases. */
    public static Dataset resolve(SessionConfig.SessionSetup setup, NodeSettings settings, PrintStream notes) {
        if (setup.datasetId() == null && setup.traffic() == null) {
            return null;
        }
        try {
            DatasetStore store = open(settings);
            if (setup.datasetId() != null) {
                return store.find(setup.datasetId()).orElseThrow(() -> unknown(setup.datasetId())).dataset();
            }
            DatasetFreezer.Frozen frozen = new DatasetFreezer(store).freeze(setup.traffic(),
                    "session " + setup.spec().id(), System.getenv(), Instant.now());
            notes.printf("dataset %s: %d cases (%s)%n", frozen.dataset().info().id(), frozen.dataset().cases().size(),
                    frozen.created() ? "frozen now" : "already frozen");
            if (frozen.read() != null && frozen.read().malformed() > 0) {
                notes.printf("  skipped %d malformed records; the first: %s%n", frozen.read().malformed(),
                        frozen.read().problems().get(0));
            }
            frozen.report().skipped().forEach((reason, skipped) -> notes.printf("  left out %d: %s, e.g. %s%n",
                    skipped.count(), reason, skipped.example()));
            return frozen.dataset().dataset();
        } catch (TrafficFormatException | IllegalArgumentException e) {
            throw UserError.badInput(e.getMessage());
        }
    }

    /** The dataset store in the session database; a database that cannot be used is bad input. */
    public static DatasetStore open(NodeSettings settings) {
        try {
            return DatasetStore.open(settings.dbUrl(), settings.dbUser(), settings.dbPassword());
        } catch (DatasetStoreException e) {
            throw UserError.badInput(e.getMessage());
        }
    }

    public static UserError unknown(String id) {
        return UserError.notFound("no dataset with id '" + id + "' (alp dataset list shows them)");
    }
}
