package io.alp.engine.port;

import io.alp.engine.model.Case;

import java.util.List;

/**
 * Draws the cases of a session's dataset: a world's own traffic generator (the simulated world), or a
 * sampling policy over a {@link TrafficSource}.
 */
public interface CaseSampler {

    /** A human-readable description of where the cases come from. */
    String describe();

    /** Up to {@code size} cases chosen deterministically from {@code seed}. */
    List<Case> sample(int size, long seed);
}
