package io.alp.engine.port;

import io.alp.engine.model.Case;

import java.util.List;

/** Recent production requests of the target agent, normalized to cases. */
public interface TrafficSource {

    /** A human-readable description of where the traffic comes from. */
    String describe();

    /** Up to {@code size} requests chosen deterministically from {@code seed}. */
    List<Case> sample(int size, long seed);
}
