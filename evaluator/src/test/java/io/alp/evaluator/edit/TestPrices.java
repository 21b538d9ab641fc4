package io.alp.evaluator.edit;

import io.alp.engine.port.LlmClient;
import io.alp.engine.port.PriceTable;

import java.util.Map;

/** Dollar prices per million tokens for the models tests use. */
final class TestPrices implements PriceTable {

    private record Price(double inputPerMillion, double outputPerMillion) {
    }

    private final Map<String, Price> prices;

    private TestPrices(Map<String, Price> prices) {
        this.prices = prices;
    }

    /** One model at these prices per million input and output tokens. */
    static TestPrices of(String model, double inputPerMillion, double outputPerMillion) {
        return new TestPrices(Map.of(model, new Price(inputPerMillion, outputPerMillion)));
    }

    @Override
    public boolean knows(String model) {
        return prices.containsKey(model);
    }

    @Override
    public double costUsd(String model, LlmClient.Usage usage) {
        Price price = prices.get(model);
        if (price == null) {
            throw new IllegalArgumentException("no price for " + model);
        }
        return (usage.inputTokens() * price.inputPerMillion() + usage.outputTokens() * price.outputPerMillion())
                / 1_000_000.0;
    }
}
