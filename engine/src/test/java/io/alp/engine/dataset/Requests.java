package io.alp.engine.dataset;

import io.alp.engine.traffic.Feedback;
import io.alp.engine.traffic.Request;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Requests for sampling tests. */
final class Requests {

    static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    private Requests() {
    }

    static Request request(String id, String input, Instant start, Map<String, String> attributes) {
        return new Request(id, "t-" + id, null, start, start, input, "answer to " + input, List.of("gpt-4o-mini"),
                100, 20, 0.001, null, false, List.of(), List.of(), attributes);
    }

    static Request failing(String id, String input, Instant start) {
        return new Request(id, "t-" + id, null, start, start, input, "bad answer", List.of("gpt-4o-mini"),
                100, 20, 0.001, null, false, List.of(new Feedback("user-feedback", 0.0, "thumbs_down", "wrong")), List.of(),
                Map.of());
    }

    static Request erroring(String id, String input, Instant start) {
        return new Request(id, "t-" + id, null, start, start, input, null, List.of("gpt-4o"),
                100, 0, null, null, true, List.of(), List.of(), Map.of("route", "billing"));
    }
}
