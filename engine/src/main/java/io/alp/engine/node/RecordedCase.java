package io.alp.engine.node;

import io.alp.engine.model.Outcome;

/** A case's outcome as a node records it, with what it cost the session (0 when it came from a cache). */
public record RecordedCase(Outcome outcome, double chargedUsd) {

    public String caseId() {
        return outcome.caseId();
    }
}
