package io.alp.traffic.store;

import io.alp.engine.traffic.Problem;
import io.alp.engine.traffic.Skipped;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What freezing a dataset found: records read, requests made of them, malformed records skipped (the first few
 * with their location), requests outside the window, filtered out or already in the base dataset, per stratum
 * how many were available and chosen, and what was read but left out on purpose, by reason, each with a count and
 * an example (see the reasons in {@link io.alp.engine.traffic.ReadReport}). {@code baseDataset} names the dataset
 * a regression topped up.
 */
public record DatasetReport(long recordsRead, long requestsRead, long malformed, List<Problem> problems,
                            long outsideWindow, long filteredOut, long excluded, Map<String, Long> available,
                            Map<String, Integer> chosen, String baseDataset, Map<String, Skipped> skipped) {

    public DatasetReport {
        problems = problems == null ? List.of() : List.copyOf(problems);
        available = available == null ? Map.of() : Map.copyOf(available);
        chosen = chosen == null ? Map.of() : Map.copyOf(chosen);
        skipped = skipped == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(skipped));
    }

    public static DatasetReport none() {
        return new DatasetReport(0, 0, 0, List.of(), 0, 0, 0, Map.of(), Map.of(), null, Map.of());
    }
}
