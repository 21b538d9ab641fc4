package io.alp.app.cli;

import io.alp.app.session.SessionDatasets;
import io.alp.traffic.store.StoredDataset;

/** A frozen dataset by id, from the session database ({@code --data} or {@code --db-url}); unknown: exit 2. */
final class Datasets {

    private Datasets() {
    }

    static StoredDataset find(DatabaseOption data, String id) {
        if (!data.hasDatasets()) {
            throw SessionDatasets.unknown(id);
        }
        return SessionDatasets.open(data.settings()).find(id).orElseThrow(() -> SessionDatasets.unknown(id));
    }
}
