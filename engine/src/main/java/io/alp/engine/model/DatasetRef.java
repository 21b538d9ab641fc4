package io.alp.engine.model;

/**
 * A frozen {@link Dataset} named by its id (content-addressed), with what a summary shows of it: events carry this,
 * and the cases are looked up where datasets are stored.
 */
public record DatasetRef(String id, String contentHash, String source, int size) {
    public DatasetRef {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a dataset reference needs the dataset's id");
        }
    }
}
