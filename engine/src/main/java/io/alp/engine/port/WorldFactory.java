package io.alp.engine.port;

import io.alp.engine.model.WorldSpec;

/** Builds a session's ports from its world definition; implementations are chosen by {@code WorldSpec.kind()}. */
public interface WorldFactory {

    boolean supports(String kind);

    World create(WorldSpec definition);
}
