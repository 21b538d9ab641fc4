package io.alp.app.cli;

import io.alp.app.UserError;
import io.alp.cluster.NodeSettings;
import io.alp.traffic.store.DatasetStore;
import io.alp.traffic.store.DatasetStoreException;
import io.alp.traffic.store.StoredDataset;

/** The dataset store in the session database ({@code --data} or {@code --db-url}). */
final class Datasets {

    private Datasets() {
    }

    static DatasetStore open(NodeSettings settings) {
        try {
            return DatasetStore.open(settings.dbUrl(), settings.dbUser(), settings.dbPassword());
        } catch (DatasetStoreException e) {
            throw UserError.badInput(e.getMessage());
        }
    }

    static StoredDataset find(DatabaseOption data, String id) {
        if (!data.hasDatasets()) {
            throw unknown(id);
        }
        return open(data.settings()).find(id).orElseThrow(() -> unknown(id));
    }

    static UserError unknown(String id) {
        return UserError.notFound("no dataset with id '" + id + "' (alp dataset list shows them)");
    }
}
