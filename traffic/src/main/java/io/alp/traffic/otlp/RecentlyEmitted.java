package io.alp.traffic.otlp;

import java.util.LinkedHashMap;
import java.util.Map;

/** The ids of the last few emitted traces, so that a span arriving after its trace was emitted is recognised. */
final class RecentlyEmitted {

    private final Map<String, Boolean> ids;

    RecentlyEmitted(int capacity) {
        ids = new LinkedHashMap<>(Math.min(capacity, 1 << 16) * 4 / 3 + 1) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    void add(String traceId) {
        ids.put(traceId, Boolean.TRUE);
    }

    boolean contains(String traceId) {
        return ids.containsKey(traceId);
    }
}
