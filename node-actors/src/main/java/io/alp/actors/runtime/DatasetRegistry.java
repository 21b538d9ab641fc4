package io.alp.actors.runtime;

import io.alp.engine.model.Case;
import io.alp.engine.model.Dataset;
import io.alp.engine.model.DatasetRef;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The frozen datasets this node's sessions and tree nodes refer to by id, read from the {@link Catalog} once and
 * kept: a node's events name its dataset, never list its cases.
 */
public final class DatasetRegistry {

    private final Catalog catalog;
    private final Map<String, Dataset> known = new ConcurrentHashMap<>();

    public DatasetRegistry(Catalog catalog) {
        this.catalog = catalog;
    }

    /** Stores {@code dataset} in the catalog unless this node already did, and returns its reference. */
    public DatasetRef register(Dataset dataset) {
        if (!known.containsKey(dataset.id())) {
            catalog.putDataset(dataset);
            known.putIfAbsent(dataset.id(), dataset);
        }
        return dataset.ref();
    }

    /** @throws IllegalStateException when no dataset with that id is stored */
    public Dataset dataset(String id) {
        return known.computeIfAbsent(id, key -> catalog.dataset(key).orElseThrow(() -> new IllegalStateException(
                "dataset " + key + " is referred to by the journal but is not in the dataset store")));
    }

    public List<Case> cases(String id) {
        return dataset(id).cases();
    }
}
