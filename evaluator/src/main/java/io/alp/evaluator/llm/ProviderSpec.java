package io.alp.evaluator.llm;

import java.time.Duration;
import java.util.Objects;

/**
 * One configured model provider. The key is never held here: only the name of the environment variable that
 * holds it, read when a client is built.
 *
 * @param name       the prefix of model names routed to it ({@code openai} in {@code openai/gpt-4o-mini})
 * @param baseUrl    e.g. {@code https://api.openai.com/v1}, {@code http://127.0.0.1:11434/v1}
 * @param apiKeyEnv  the environment variable holding the key; null for a server that needs none
 * @param timeout    per attempt
 * @param maxRetries attempts after the first on 429, 5xx, timeouts and dropped connections
 */
public record ProviderSpec(String name, Protocol protocol, String baseUrl, String apiKeyEnv, ProviderLimits limits,
                           Duration timeout, int maxRetries) {
    public ProviderSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(baseUrl, "baseUrl");
        limits = limits == null ? ProviderLimits.UNLIMITED : limits;
        timeout = timeout == null ? Duration.ofSeconds(120) : timeout;
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries cannot be negative");
        }
    }
}
