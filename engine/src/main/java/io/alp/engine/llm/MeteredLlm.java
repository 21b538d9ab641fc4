package io.alp.engine.llm;

import io.alp.engine.port.LlmClient;
import io.alp.engine.port.PriceTable;

import java.util.concurrent.CompletionStage;

/** A client and a price table: every call comes back with its dollar cost. */
public record MeteredLlm(LlmClient client, PriceTable prices) {

    /**
     * @throws IllegalArgumentException when the model has no price, before anything is sent
     */
    public CompletionStage<PricedReply> call(LlmClient.Request request) {
        requirePrice(request.model());
        return client.complete(request).thenApply(r -> new PricedReply(r.model(), r.text(), r.usage(),
                prices.costUsd(request.model(), r.usage())));
    }

    /** An upper bound on one call's cost: the whole context window at the input price and every output token. */
    public double maxCostUsd(String model, long inputTokens, long outputTokens) {
        requirePrice(model);
        return prices.costUsd(model, new LlmClient.Usage(inputTokens, outputTokens, 0, 0));
    }

    public void requirePrice(String model) {
        if (!prices.knows(model)) {
            throw new IllegalArgumentException("model '" + model + "' has no price in the price table: "
                    + "add it to the table, or point prices: at a LiteLLM-format file that has it");
        }
    }
}
