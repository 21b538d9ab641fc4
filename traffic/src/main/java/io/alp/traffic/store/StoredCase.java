package io.alp.traffic.store;

import io.alp.engine.model.Case;
import io.alp.engine.traffic.Request;

/** A case of a frozen dataset, with the (redacted) request it was made from; null for a generated case. */
public record StoredCase(int ordinal, Case c, Request request) {
}
