package io.alp.engine.traffic;

/**
 * Records of one kind that were read but left out of the requests, e.g. requests without input or spans that
 * belong to no request: how many, and the first one as an example with its location.
 */
public record Skipped(long count, Problem example) {

    public Skipped plus(Skipped other) {
        return new Skipped(count + other.count, example != null ? example : other.example);
    }
}
