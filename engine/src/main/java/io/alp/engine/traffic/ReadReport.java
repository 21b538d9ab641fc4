package io.alp.engine.traffic;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What reading a traffic source found: how many records (lines, rows, spans) it read, how many requests it
 * produced, how many records were malformed and skipped (the first few with their location), and what was read
 * but left out on purpose, by reason (see the constants), each with a count and an example.
 */
public record ReadReport(String source, long records, long requests, long malformed, List<Problem> problems,
                         Map<String, Skipped> skipped) {

    /** How many malformed records are kept with their location; the rest are only counted. */
    public static final int KEPT_PROBLEMS = 20;

    /** A span that arrived after its trace was complete and turned into requests. */
    public static final String LATE_SPAN = "span after its trace was emitted";
    /** A span sent twice (same trace and span id); the first copy is kept. */
    public static final String DUPLICATE_SPAN = "duplicate span";
    /** A model call inside a trace that holds requests, but outside all of them. */
    public static final String CALL_OUTSIDE_REQUESTS = "model call outside every request";
    /** A trace with neither a model call nor any input text, e.g. a health check: no request. */
    public static final String NO_CALL_NOR_INPUT = "trace without model call or input";
    /** A span wrapping another span of the same model call (stacked instrumentations): the call counts once. */
    public static final String NESTED_CALL = "model call span wrapping another (counted once)";
    /** A request whose input is empty or blank: nothing to replay. */
    public static final String EMPTY_INPUT = "request without input";
    /** A request whose normalized input repeats another candidate's: one case per input. */
    public static final String DUPLICATE_INPUT = "request repeating another's input";

    public ReadReport {
        problems = List.copyOf(problems);
        skipped = skipped == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(skipped));
    }

    /** Collects a report while a source is read. */
    public static final class Builder {
        private final String source;
        private final List<Problem> problems = new java.util.ArrayList<>();
        private final Map<String, Skipped> skipped = new LinkedHashMap<>();
        private long records;
        private long requests;
        private long malformed;

        public Builder(String source) {
            this.source = source;
        }

        public void record() {
            records++;
        }

        public void request() {
            requests++;
        }

        public void malformed(String location, String message) {
            malformed++;
            if (problems.size() < KEPT_PROBLEMS) {
                problems.add(new Problem(location, message));
            }
        }

        /** A record read and left out for {@code reason}; the first of each reason is kept as the example. */
        public void skipped(String reason, String location, String message) {
            skipped.merge(reason, new Skipped(1, new Problem(location, message)), Skipped::plus);
        }

        public ReadReport build() {
            return new ReadReport(source, records, requests, malformed, problems, skipped);
        }
    }
}
