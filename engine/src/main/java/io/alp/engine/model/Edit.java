package io.alp.engine.model;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One change to an agent: its class, a human description, and a payload the {@code Materializer}
 * understands (knob/value pairs for the simulated world, target files and instructions for real agents).
 * Two edits are the same change when class and payload are equal; the description is commentary.
 */
public record Edit(EditClass editClass, String description, Map<String, String> payload) {
    public Edit {
        Objects.requireNonNull(editClass, "editClass");
        description = description == null ? "" : description;
        payload = payload == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(payload));
    }

    public static Edit of(EditClass editClass, String description, Map<String, String> payload) {
        return new Edit(editClass, description, payload);
    }

    /** Identity of the change itself, independent of its wording. */
    public String key() {
        return editClass + ":" + payload;
    }

    public boolean sameChangeAs(Edit other) {
        return other != null && key().equals(other.key());
    }
}
