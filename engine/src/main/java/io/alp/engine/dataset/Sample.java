package io.alp.engine.dataset;

import io.alp.engine.traffic.Request;
import io.alp.engine.traffic.Skipped;

import java.util.List;
import java.util.Map;

/**
 * What a sampler chose, and from what: requests seen, outside the window, filtered out or already in the
 * dataset being topped up, per stratum (or per debug group) how many were available and how many chosen, and the
 * requests left out because they repeat the input of a candidate (one case per input), with an example; null
 * when there were none.
 */
public record Sample(List<Request> requests, long seen, long outsideWindow, long filteredOut, long excluded,
                     Map<String, Long> available, Map<String, Integer> chosen, Skipped duplicateInputs) {

    public Sample {
        requests = List.copyOf(requests);
        available = Map.copyOf(available);
        chosen = Map.copyOf(chosen);
    }
}
