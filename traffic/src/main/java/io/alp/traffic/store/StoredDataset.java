package io.alp.traffic.store;

import io.alp.engine.model.Dataset;

import java.util.List;

/** A frozen dataset as stored: its header and its cases in order. */
public record StoredDataset(DatasetInfo info, List<StoredCase> cases) {

    public StoredDataset {
        cases = List.copyOf(cases);
    }

    public Dataset dataset() {
        return new Dataset(info.id(), info.contentHash(), info.source(), cases.stream().map(StoredCase::c).toList());
    }
}
