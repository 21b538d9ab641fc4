package io.alp.engine.port;

import io.alp.engine.model.Edit;

import java.util.List;

/** Proposed edits (one per child) and what proposing them cost. */
public record ProposalBatch(List<Edit> edits, double costUsd) {
    public ProposalBatch {
        edits = List.copyOf(edits);
    }
}
