package io.alp.engine.search;

/** A round either expands a parent through the proposer, or compounds two edits that each helped. */
public enum RoundKind {
    EXPANSION, COMPOUND
}
