package io.alp.engine.node;

import io.alp.engine.model.Case;

import java.util.List;

/**
 * What a running evaluation sends out now, and the raise it asks for when its reservation does not cover every
 * case of the stage at the per-case cap.
 *
 * @param raise null when nothing is held back
 */
public record Dispatch(List<Case> cases, Raise raise) {

    public Dispatch {
        cases = List.copyOf(cases);
    }

    public boolean heldBack() {
        return raise != null;
    }

    /** Hold {@code wantedUsd} to have every waiting case out at once; {@code inFlight} cases are out meanwhile. */
    public record Raise(double wantedUsd, int inFlight) {
    }
}
