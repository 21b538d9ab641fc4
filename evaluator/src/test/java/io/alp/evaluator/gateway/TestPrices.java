package io.alp.evaluator.gateway;

import io.alp.engine.port.LlmClient.Usage;
import io.alp.engine.port.PriceTable;

import java.util.Map;

/** Dollars per million tokens: uncached input, output, cache read, cache write. */
final class TestPrices implements PriceTable {

    private final Map<String, double[]> perMillion;

    TestPrices(Map<String, double[]> perMillion) {
        this.perMillion = Map.copyOf(perMillion);
    }

    @Override
    public boolean knows(String model) {
        return perMillion.containsKey(model);
    }

    @Override
    public double costUsd(String model, Usage usage) {
        double[] p = perMillion.get(model);
        if (p == null) {
            throw new IllegalArgumentException("no price for " + model);
        }
        long uncached = usage.inputTokens() - usage.cacheReadTokens() - usage.cacheWriteTokens();
        return (uncached * p[0] + usage.outputTokens() * p[1] + usage.cacheReadTokens() * p[2]
                + usage.cacheWriteTokens() * p[3]) / 1e6;
    }
}
