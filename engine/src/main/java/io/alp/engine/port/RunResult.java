package io.alp.engine.port;

/**
 * What a candidate produced on a case and what it spent; {@code error} is null when it ran to completion.
 *
 * @param stderrTail the end of what the agent program wrote on stderr (null when it wrote nothing, or it is not a
 *                   program)
 */
public record RunResult(String output, long inputTokens, long outputTokens, double costUsd, String error,
                        String stderrTail) {

    public RunResult(String output, long inputTokens, long outputTokens, double costUsd, String error) {
        this(output, inputTokens, outputTokens, costUsd, error, null);
    }

    public boolean failed() {
        return error != null;
    }
}
