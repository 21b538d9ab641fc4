package io.alp.engine.frontier;

import io.alp.engine.model.Score;

/** A tree node as a point: its id and score. */
public record ScoredNode(String nodeId, Score score) implements Point {
    @Override
    public double passRate() {
        return score.passRate();
    }

    @Override
    public double cost() {
        return score.costPerCase();
    }
}
