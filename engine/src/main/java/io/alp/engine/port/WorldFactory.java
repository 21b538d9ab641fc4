package io.alp.engine.port;

import io.alp.engine.model.WorldRef;

/** Builds a session's ports from its world reference; implementations are chosen by {@code WorldRef.kind()}. */
public interface WorldFactory {

    boolean supports(String kind);

    World create(WorldRef ref);
}
