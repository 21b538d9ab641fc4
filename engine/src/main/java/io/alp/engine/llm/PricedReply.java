package io.alp.engine.llm;

import io.alp.engine.port.LlmClient;

/**
 * A model's reply with what it cost in dollars under the session's price table.
 *
 * @param overReported why the cost is less than the provider's reported usage prices at (usage beyond what the
 *                     call could have used); null when it is not
 */
public record PricedReply(String model, String text, LlmClient.Usage usage, double costUsd, String overReported) {

    public PricedReply(String model, String text, LlmClient.Usage usage, double costUsd) {
        this(model, text, usage, costUsd, null);
    }
}
