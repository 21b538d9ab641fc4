package io.alp.engine.port;

/** What a candidate produced on a case and what it spent; {@code error} is null when it ran to completion. */
public record RunResult(String output, long inputTokens, long outputTokens, double costUsd, String error) {

    public boolean failed() {
        return error != null;
    }
}
