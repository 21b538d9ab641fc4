package io.alp.engine.search;

import java.util.List;

/** Everything a {@link Round} holds, as plain data: what a saved search state keeps of each round. */
public record RoundFacts(String id, RoundKind kind, String parentId, List<String> children, boolean proposed,
                         boolean closed, double proposerCostUsd) {
    public RoundFacts {
        children = List.copyOf(children);
    }
}
