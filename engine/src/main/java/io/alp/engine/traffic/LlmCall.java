package io.alp.engine.traffic;

/**
 * One LLM call inside an agent invocation.
 *
 * @param cacheReadTokens input tokens served from the provider's prompt cache (a part of inputTokens)
 * @param costUsd         the call's dollar cost when the source states it, or null
 */
public record LlmCall(String spanId, String operation, String provider, String model, long inputTokens,
                      long outputTokens, long cacheReadTokens, Double costUsd) {
}
