package io.alp.bench.search;

import io.alp.engine.frontier.Point;

/** A candidate a method evaluated on every case, at its measured pass-rate and cost per case. */
public record Evaluated(String source, double passRate, double costPerCase) implements Point {

    @Override
    public double cost() {
        return costPerCase;
    }
}
