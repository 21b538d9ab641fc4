package io.alp.engine.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One change to an agent: its class, a human description, and a payload the {@code Materializer}
 * understands (knob/value pairs for the simulated world, target files and instructions for real agents).
 * Two edits are the same change when class and payload are equal; the description is commentary.
 *
 * <p>A {@linkplain #combined combined} edit ({@link EditClass#COMBINED}) is several edits applied in order, each of
 * which helped on its own somewhere in the tree; its payload holds each part's class and payload under the part's
 * number ({@code "01/class"}, {@code "01/knob"}, ...).
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

    /** Where a combined edit's payload keeps each part's class and wording (the key of a part is prefixed). */
    private static final String CLASS = "@class";
    private static final String DESCRIPTION = "@description";
    private static final String VALUE = "value";

    /** The edits {@code parts}, applied in order, as one change; described on one line, its parts by number. */
    public static Edit combined(List<Edit> parts) {
        if (parts.size() < 2 || parts.size() > 99) {
            throw new IllegalArgumentException("a combined edit has 2 to 99 parts, got " + parts.size());
        }
        Map<String, String> payload = new TreeMap<>();
        List<String> descriptions = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            Edit part = parts.get(i);
            if (part.editClass == EditClass.COMBINED) {
                throw new IllegalArgumentException("a combined edit's parts are single edits: part " + (i + 1)
                        + " is combined");
            }
            String prefix = String.format("%02d/", i + 1);
            payload.put(prefix + CLASS, part.editClass.name());
            payload.put(prefix + DESCRIPTION, part.description);
            part.payload.forEach((k, v) -> payload.put(prefix + k, v));
            descriptions.add("(" + (i + 1) + ") " + part.description.replace('\n', ' '));
        }
        return new Edit(EditClass.COMBINED, String.join(" ", descriptions), payload);
    }

    /** The single edits this one applies, in order: itself unless it is {@linkplain #combined combined}. */
    public List<Edit> parts() {
        if (editClass != EditClass.COMBINED) {
            return List.of(this);
        }
        Map<String, Map<String, String>> byPart = new TreeMap<>();
        payload.forEach((key, value) -> {
            int slash = key.indexOf('/');
            byPart.computeIfAbsent(key.substring(0, slash), k -> new LinkedHashMap<>())
                    .put(key.substring(slash + 1), value);
        });
        List<Edit> parts = new ArrayList<>();
        for (Map<String, String> part : byPart.values()) {
            EditClass partClass = EditClass.valueOf(part.remove(CLASS));
            String description = part.remove(DESCRIPTION);
            parts.add(new Edit(partClass, description, part));
        }
        return parts;
    }

    /**
     * This edit without the parts at {@code skipped} (0-based indexes into {@link #parts}): the one part left, or
     * the others combined; itself when nothing is skipped.
     *
     * @throws IllegalArgumentException when every part would be skipped
     */
    public Edit without(Collection<Integer> skipped) {
        if (skipped.isEmpty()) {
            return this;
        }
        List<Edit> kept = new ArrayList<>();
        List<Edit> parts = parts();
        for (int i = 0; i < parts.size(); i++) {
            if (!skipped.contains(i)) {
                kept.add(parts.get(i));
            }
        }
        if (kept.isEmpty()) {
            throw new IllegalArgumentException("an edit cannot skip all of its " + parts.size() + " parts");
        }
        return kept.size() == 1 ? kept.get(0) : combined(kept);
    }

    /**
     * What the edit changes, apart from the value it picks: its class and payload without {@code value}. Two
     * edits with the same subject (e.g. two memory policies) cannot both hold, so a combination takes one.
     */
    public String subject() {
        Map<String, String> rest = new TreeMap<>(payload);
        rest.remove(VALUE);
        return editClass + ":" + rest;
    }

    /** The class of the edit whose {@link #key()} this is; empty for a text that is no edit's key. */
    public static Optional<EditClass> classOfKey(String key) {
        int colon = key.indexOf(':');
        String name = colon < 0 ? "" : key.substring(0, colon);
        return Arrays.stream(EditClass.values()).filter(c -> c.name().equals(name)).findFirst();
    }

    /** Identity of the change itself, independent of its wording (a combined edit's parts' wording included). */
    public String key() {
        if (editClass != EditClass.COMBINED) {
            return editClass + ":" + payload;
        }
        Map<String, String> change = new TreeMap<>(payload);
        change.keySet().removeIf(k -> k.endsWith("/" + DESCRIPTION));
        return editClass + ":" + change;
    }

    public boolean sameChangeAs(Edit other) {
        return other != null && key().equals(other.key());
    }
}
