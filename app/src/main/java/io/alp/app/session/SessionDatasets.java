package io.alp.app.session;

import io.alp.app.UserError;
import io.alp.cluster.NodeSettings;
import io.alp.engine.model.Dataset;
import io.alp.engine.traffic.TrafficFormatException;
import io.alp.traffic.DatasetFreezer;
import io.alp.traffic.config.TrafficConfig;
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
            DatasetStore store = DatasetStore.open(settings.dbUrl(), settings.dbUser(), settings.dbPassword());
            if (setup.datasetId() != null) {
                return store.find(setup.datasetId()).orElseThrow(() -> UserError.notFound("no dataset with id '"
                        + setup.datasetId() + "' (alp dataset list shows them)")).dataset();
            }
            TrafficConfig traffic = setup.traffic();
            DatasetFreezer.Frozen frozen = new DatasetFreezer(store).freeze(
                    traffic.name() == null ? "session " + setup.spec().id() : traffic.name(),
                    traffic.source() == null ? null : traffic.source().open(System.getenv()),
                    traffic.policy(), traffic.redactor(), Instant.now());
            notes.printf("dataset %s: %d cases (%s)%n", frozen.dataset().info().id(), frozen.dataset().cases().size(),
                    frozen.created() ? "frozen now" : "already frozen");
            if (frozen.read() != null && frozen.read().malformed() > 0) {
                notes.printf("  skipped %d malformed records; the first: %s%n", frozen.read().malformed(),
                        frozen.read().problems().get(0));
            }
            return frozen.dataset().dataset();
        } catch (TrafficFormatException | DatasetStoreException | IllegalArgumentException e) {
            throw UserError.badInput(e.getMessage());
        }
    }
}
