package io.alp.evaluator.testkit;

import io.alp.engine.port.LlmClient;
import io.alp.engine.port.PriceTable;

import java.util.HashMap;
import java.util.Map;

/** Dollars per million tokens for a few test models: uncached input, output, cache read, cache write. */
public final class TestPrices implements PriceTable {

    private final Map<String, double[]> perMillion = new HashMap<>();

    /** A table with one model priced at {@code inputPerMillion} / {@code outputPerMillion} dollars. */
    public static TestPrices of(String model, double inputPerMillion, double outputPerMillion) {
        return new TestPrices().with(model, inputPerMillion, outputPerMillion);
    }

    /** Cached tokens at the input price. */
    public TestPrices with(String model, double inputPerMillion, double outputPerMillion) {
        return with(model, inputPerMillion, outputPerMillion, inputPerMillion, inputPerMillion);
    }

    public TestPrices with(String model, double inputPerMillion, double outputPerMillion, double cacheReadPerMillion,
                           double cacheWritePerMillion) {
        perMillion.put(model, new double[]{inputPerMillion, outputPerMillion, cacheReadPerMillion,
                cacheWritePerMillion});
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
        long uncached = usage.inputTokens() - usage.cacheReadTokens() - usage.cacheWriteTokens();
        return (uncached * p[0] + usage.outputTokens() * p[1] + usage.cacheReadTokens() * p[2]
                + usage.cacheWriteTokens() * p[3]) / 1_000_000.0;
    }
}
