package io.alp.engine.frontier;

/** Anything placed in (pass-rate, dollars per case) space. */
public interface Point {
    double passRate();

    double cost();

    static Point of(double passRate, double cost) {
        return new Simple(passRate, cost);
    }

    record Simple(double passRate, double cost) implements Point {
    }
}
