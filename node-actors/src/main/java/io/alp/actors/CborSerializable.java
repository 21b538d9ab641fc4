package io.alp.actors;

/** Marks every message, event and state that crosses the wire or the journal: serialized as Jackson CBOR. */
public interface CborSerializable {
}
