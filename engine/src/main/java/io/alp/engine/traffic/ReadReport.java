package io.alp.engine.traffic;

import java.util.List;

/**
 * What reading a traffic source found: how many records (lines, rows, spans) it read, how many requests it
 * produced, how many records were malformed and skipped, and the first few of those with their location.
 */
public record ReadReport(String source, long records, long requests, long malformed, List<Problem> problems) {

    /** How many malformed records are kept with their location; the rest are only counted. */
    public static final int KEPT_PROBLEMS = 20;

    public ReadReport {
        problems = List.copyOf(problems);
    }

    /** Collects a report while a source is read. */
    public static final class Builder {
        private final String source;
        private final List<Problem> problems = new java.util.ArrayList<>();
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

        public ReadReport build() {
            return new ReadReport(source, records, requests, malformed, problems);
        }
    }
}
