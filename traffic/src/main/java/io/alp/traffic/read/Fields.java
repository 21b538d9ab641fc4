package io.alp.traffic.read;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Typed reads of the fields of one JSON object. A value of the wrong type throws a {@link BadRecordException}
 * that names the field by its path (e.g. {@code calls[1].input_tokens}); absent fields and JSON nulls read as null.
 */
public final class Fields {

    private static final int PREVIEW = 40;

    private final JsonNode node;
    private final String prefix;

    private Fields(JsonNode node, String prefix) {
        this.node = node;
        this.prefix = prefix;
    }

    public static Fields of(JsonNode node) {
        return new Fields(node, "");
    }

    /** Fields of a nested object, named in messages as {@code path.field}. */
    public static Fields of(JsonNode node, String path) {
        return new Fields(node, path + ".");
    }

    /** The value, or null when the field is absent or JSON null. */
    public JsonNode get(String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() || value.isMissingNode() ? null : value;
    }

    /** Strings as they are; numbers and booleans as their text, since ids are sometimes numbers. */
    public String text(String name) {
        JsonNode value = get(name);
        if (value == null) {
            return null;
        }
        if (value.isValueNode()) {
            return value.asText();
        }
        throw bad(name, "must be a string, got " + kind(value));
    }

    public String requiredText(String name) {
        String text = text(name);
        if (text == null) {
            throw new BadRecordException(prefix + name + " is missing or null");
        }
        if (text.isBlank()) {
            throw new BadRecordException(prefix + name + " is empty");
        }
        return text;
    }

    /** A count such as a token total: a whole number of at least 0, also when written as a string. */
    public Long wholeNumber(String name) {
        JsonNode value = get(name);
        if (value == null) {
            return null;
        }
        Long parsed = null;
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            parsed = value.asLong();
        } else if (value.isNumber() && value.asDouble() == Math.rint(value.asDouble())
                && Math.abs(value.asDouble()) < Long.MAX_VALUE) {
            parsed = (long) value.asDouble();
        } else if (value.isTextual()) {
            try {
                parsed = Long.parseLong(value.asText().trim());
            } catch (NumberFormatException e) {
                parsed = null;
            }
        }
        if (parsed == null || parsed < 0) {
            throw bad(name, "must be a whole number of at least 0, got " + preview(value));
        }
        return parsed;
    }

    public Double number(String name) {
        JsonNode value = get(name);
        if (value == null) {
            return null;
        }
        Double parsed = null;
        if (value.isNumber()) {
            parsed = value.asDouble();
        } else if (value.isTextual()) {
            try {
                parsed = Double.parseDouble(value.asText().trim());
            } catch (NumberFormatException e) {
                parsed = null;
            }
        }
        if (parsed == null || parsed.isNaN() || parsed.isInfinite()) {
            throw bad(name, "must be a number, got " + preview(value));
        }
        return parsed;
    }

    /** true/false, also as the strings "true"/"false" or the numbers 1/0 (SQL tables often store flags so). */
    public Boolean bool(String name) {
        JsonNode value = get(name);
        if (value == null) {
            return null;
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isIntegralNumber() && (value.asLong() == 0 || value.asLong() == 1)) {
            return value.asLong() == 1;
        }
        if (value.isTextual()) {
            String text = value.asText().trim().toLowerCase(Locale.ROOT);
            if (text.equals("true") || text.equals("false")) {
                return text.equals("true");
            }
        }
        throw bad(name, "must be true or false, got " + preview(value));
    }

    public Instant instant(String name) {
        JsonNode value = get(name);
        if (value == null) {
            return null;
        }
        if (value.isTextual()) {
            try {
                return Instants.parse(value.asText());
            } catch (DateTimeParseException e) {
                // reported below with the field name
            }
        }
        throw bad(name, "must be an ISO-8601 time such as 2025-03-01T12:00:00Z, got " + preview(value));
    }

    private BadRecordException bad(String name, String what) {
        return new BadRecordException(prefix + name + " " + what);
    }

    /** A short quote of a value for messages. */
    public static String preview(JsonNode value) {
        String text = value.toString();
        return text.length() <= PREVIEW ? text : text.substring(0, PREVIEW - 3) + "...";
    }

    /** "an object", "a list", "a number", ... */
    public static String kind(JsonNode value) {
        if (value.isObject()) {
            return "an object";
        }
        if (value.isArray()) {
            return "a list";
        }
        if (value.isNumber()) {
            return "a number";
        }
        if (value.isBoolean()) {
            return "a boolean";
        }
        if (value.isTextual()) {
            return "a string";
        }
        return "null";
    }
}
