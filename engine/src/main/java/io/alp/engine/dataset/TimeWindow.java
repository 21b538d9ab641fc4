package io.alp.engine.dataset;

import io.alp.engine.traffic.Request;

import java.time.Instant;

/**
 * The time window a sample is drawn from: requests that started at or after {@code since} and before
 * {@code until}; an open end is null. A request without a start time is inside only an unbounded window.
 */
public record TimeWindow(Instant since, Instant until) {

    public static final TimeWindow ALL = new TimeWindow(null, null);

    public TimeWindow {
        if (since != null && until != null && !since.isBefore(until)) {
            throw new IllegalArgumentException("window start " + since + " is not before its end " + until);
        }
    }

    public boolean bounded() {
        return since != null || until != null;
    }

    public boolean contains(Request r) {
        if (!bounded()) {
            return true;
        }
        Instant t = r.start();
        return t != null && (since == null || !t.isBefore(since)) && (until == null || t.isBefore(until));
    }

    @Override
    public String toString() {
        return bounded() ? "[" + (since == null ? "-inf" : since) + ", " + (until == null ? "+inf" : until) + ")"
                : "all time";
    }
}
