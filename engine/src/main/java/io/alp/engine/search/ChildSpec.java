package io.alp.engine.search;

import io.alp.engine.model.Edit;
import io.alp.engine.tree.Origin;

/** A child a round creates: its id, its one edit, and how it was found. */
public record ChildSpec(String nodeId, Edit edit, Origin origin) {
}
