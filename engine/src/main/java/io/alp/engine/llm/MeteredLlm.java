package io.alp.engine.llm;

import io.alp.engine.port.LlmClient;
import io.alp.engine.port.PriceTable;

import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * A client and a price table: every call comes back with its dollar cost. A call is never charged more than it
 * could have cost: its input is at most as many tokens as it has bytes, its output at most {@code maxTokens}; usage
 * a provider reports beyond that is charged at that bound, and the reply and {@code notices} say so.
 *
 * @param notices told why a reply was charged less than its reported usage prices at
 */
public record MeteredLlm(LlmClient client, PriceTable prices, Consumer<String> notices) {

    public MeteredLlm {
        notices = notices == null ? notice -> { } : notices;
    }

    public MeteredLlm(LlmClient client, PriceTable prices) {
        this(client, prices, null);
    }

    /** Bytes a message's framing may add to its content, counted into the input bound. */
    static final int MESSAGE_OVERHEAD_BYTES = 16;

    /**
     * @throws IllegalArgumentException when the model has no price, before anything is sent
     */
    public CompletionStage<PricedReply> call(LlmClient.Request request) {
        requirePrice(request.model());
        double bound = boundUsd(request);
        return client.complete(request).thenApply(r -> {
            double reported = prices.costUsd(request.model(), r.usage());
            if (reported <= bound) {
                return new PricedReply(r.model(), r.text(), r.usage(), reported, null);
            }
            String why = String.format(Locale.ROOT, "%s: the provider reported usage costing $%.6f, more than the call "
                    + "could cost ($%.6f for its input and %d output tokens): charged $%.6f", request.model(), reported,
                    bound, request.maxTokens(), bound);
            notices.accept(why);
            return new PricedReply(r.model(), r.text(), r.usage(), bound, why);
        });
    }

    /** The most a request can cost; unbounded when it sets no output limit. */
    double boundUsd(LlmClient.Request request) {
        if (request.maxTokens() <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        long bytes = utf8(request.system()) + MESSAGE_OVERHEAD_BYTES;
        for (LlmClient.Message m : request.messages()) {
            bytes += utf8(m.content()) + MESSAGE_OVERHEAD_BYTES;
        }
        double input = Math.max(prices.costUsd(request.model(), new LlmClient.Usage(bytes, 0, 0, 0)),
                prices.costUsd(request.model(), new LlmClient.Usage(bytes, 0, 0, bytes)));
        return input + prices.costUsd(request.model(), new LlmClient.Usage(0, Math.max(0, request.maxTokens()), 0, 0));
    }

    private static long utf8(String s) {
        return s == null ? 0 : s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
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
