package io.alp.engine.llm;

import io.alp.engine.port.LlmClient;

/** A model's reply with what it cost in dollars under the session's price table. */
public record PricedReply(String model, String text, LlmClient.Usage usage, double costUsd) {
}
