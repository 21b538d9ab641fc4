package io.alp.evaluator.llm;

import io.alp.engine.port.LlmClient.Usage;

/** Token counts as each protocol reports them, normalized to {@link Usage}. */
public final class ProviderUsage {

    private ProviderUsage() {
    }

    /** OpenAI's {@code prompt_tokens} already include its {@code cached_tokens} (capped at the prompt). */
    public static Usage openAi(long promptTokens, long completionTokens, long cachedTokens) {
        return new Usage(promptTokens, completionTokens, Math.min(cachedTokens, promptTokens), 0);
    }

    /** Anthropic's cache reads and writes are disjoint from its {@code input_tokens}: they are added in. */
    public static Usage anthropic(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens) {
        return new Usage(inputTokens + cacheReadTokens + cacheWriteTokens, outputTokens, cacheReadTokens,
                cacheWriteTokens);
    }
}
