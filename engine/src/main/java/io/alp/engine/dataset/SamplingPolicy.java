package io.alp.engine.dataset;

import java.time.Duration;

/** How a session's dataset is drawn from traffic. Each takes a size, a seed and a time window. */
public sealed interface SamplingPolicy {

    int size();

    long seed();

    TimeWindow window();

    String describe();

    /**
     * Prefers recent failures: errors, negative feedback, judge complaints. Every failure in the window comes
     * before any other request; within each group, recent requests are likelier (weight halves every
     * {@code halfLife}). Only requests matching the optional filter are considered.
     */
    record Debug(int size, long seed, TimeWindow window, RequestFilter filter, Duration halfLife)
            implements SamplingPolicy {
        public Debug {
            requirePositive(size);
            if (halfLife == null || halfLife.isNegative() || halfLife.isZero()) {
                throw new IllegalArgumentException("halfLife must be a positive duration, got " + halfLife);
            }
        }

        @Override
        public String describe() {
            return "debug: " + size + " cases, seed " + seed + ", window " + window + ", half-life " + human(halfLife)
                    + (filter == null ? "" : ", filter " + filter);
        }
    }

    /** Samples broadly: uniformly at random, stratified by a key (proportional to traffic), one case per input. */
    record Improve(int size, long seed, TimeWindow window, String stratifyBy) implements SamplingPolicy {
        public Improve {
            requirePositive(size);
        }

        @Override
        public String describe() {
            return "improve: " + size + " cases, seed " + seed + ", window " + window
                    + (stratifyBy == null ? "" : ", stratified by " + stratifyBy);
        }
    }

    /**
     * Reuses the frozen dataset {@code datasetId}; with {@code topUp > 0}, adds that many fresh cases from the
     * source (sampled as {@link Improve}, never repeating an input of the frozen dataset).
     */
    record Regression(String datasetId, int topUp, long seed, TimeWindow window, String stratifyBy)
            implements SamplingPolicy {
        public Regression {
            if (datasetId == null || datasetId.isBlank()) {
                throw new IllegalArgumentException("regression needs the id of a frozen dataset");
            }
            if (topUp < 0) {
                throw new IllegalArgumentException("topUp must be 0 or more, got " + topUp);
            }
        }

        @Override
        public int size() {
            return topUp;
        }

        @Override
        public String describe() {
            return "regression on " + datasetId + (topUp == 0 ? "" : " topped up with " + topUp
                    + " fresh cases, seed " + seed + ", window " + window);
        }
    }

    /** {@code 2d}, {@code 36h}, {@code 90m}, {@code 45s}: the largest unit that divides the duration. */
    static String human(Duration d) {
        long s = d.toSeconds();
        if (s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s % 3_600 == 0) {
            return s / 3_600 + "h";
        }
        return s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    private static void requirePositive(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be at least 1, got " + size);
        }
    }
}
