package io.alp.engine.frontier;

import io.alp.engine.model.Score;

/**
 * A tree node as a point: its id, its score and, when known, which cases it passed ({@link PassMask}), so that
 * two nodes evaluated on the same dataset can be compared case by case.
 */
public record ScoredNode(String nodeId, Score score, String passMask) implements Point {

    public ScoredNode(String nodeId, Score score) {
        this(nodeId, score, null);
    }

    @Override
    public double passRate() {
        return score.passRate();
    }

    @Override
    public double cost() {
        return score.costPerCase();
    }
}
