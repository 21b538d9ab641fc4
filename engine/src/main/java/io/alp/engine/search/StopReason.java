package io.alp.engine.search;

import java.util.Locale;

/** Why a session stopped. */
public enum StopReason {
    BUDGET_EXHAUSTED("the dollar budget is spent"),
    FRONTIER_STALLED("the frontier stopped moving"),
    MAX_NODES("the tree reached its node limit"),
    NO_CANDIDATES("no node is left to expand"),
    STOPPED_BY_USER("stopped by the user"),
    BASELINE_ERRORS("the baseline could not be evaluated: most of its cases ended in an error"),
    FAILED("the session failed");

    private final String description;

    StopReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** How summaries and the bench's rows name it: {@code budget_exhausted}, {@code frontier_stalled}, ... */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
