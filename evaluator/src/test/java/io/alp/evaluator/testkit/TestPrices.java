package io.alp.evaluator.testkit;

import io.alp.engine.port.LlmClient;
import io.alp.engine.port.PriceTable;

import java.util.HashMap;
import java.util.Map;

/** Per-million-token prices for a few test models; cache reads at the input price. */
public final class TestPrices implements PriceTable {

    private final Map<String, double[]> perMillion = new HashMap<>();

    /** A table with one model priced at {@code inputPerMillion} / {@code outputPerMillion} dollars. */
    public static TestPrices of(String model, double inputPerMillion, double outputPerMillion) {
        return new TestPrices().with(model, inputPerMillion, outputPerMillion);
    }

    public TestPrices with(String model, double inputPerMillion, double outputPerMillion) {
        perMillion.put(model, new double[]{inputPerMillion, outputPerMillion});
        return this;
    }

    @Override
    public boolean knows(String model) {
        return perMillion.containsKey(model);
    }

    @Override
    public double costUsd(String model, LlmClient.Usage usage) {
        double[] p = perMillion.get(model);
        if (p == null) {
            throw new IllegalArgumentException("no price for model " + model);
        }
        return (usage.inputTokens() * p[0] + usage.outputTokens() * p[1]) / 1_000_000.0;
    }
}
