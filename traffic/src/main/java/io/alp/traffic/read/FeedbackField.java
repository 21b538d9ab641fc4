package io.alp.traffic.read;

import com.fasterxml.jackson.databind.JsonNode;
import io.alp.engine.traffic.Feedback;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code feedback} field of the ALP flat schema: a list of {name, value, label, comment} objects, one such
 * object, or a shorthand: a label ({@code "thumbs_down"}), a number, or a boolean (thumbs up or down).
 */
final class FeedbackField {

    static final String DEFAULT_NAME = "feedback";

    private FeedbackField() {
    }

    static List<Feedback> parse(JsonNode value) {
        List<Feedback> feedback = new ArrayList<>();
        if (value == null || value.isNull()) {
            return feedback;
        }
        if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                one(value.get(i), "feedback[" + i + "]", feedback);
            }
        } else {
            one(value, "feedback", feedback);
        }
        return feedback;
    }

    private static void one(JsonNode value, String path, List<Feedback> into) {
        if (value.isNull()) {
            return;
        }
        if (value.isObject()) {
            Fields fields = Fields.of(value, path);
            String name = fields.text("name");
            Double score = fields.number("value");
            String label = fields.text("label");
            String comment = fields.text("comment");
            if (score == null && label == null && comment == null) {
                throw new BadRecordException(path + " has no value, label or comment");
            }
            into.add(new Feedback(name == null ? DEFAULT_NAME : name, score, label, comment));
        } else if (value.isNumber()) {
            into.add(new Feedback(DEFAULT_NAME, value.asDouble(), null, null));
        } else if (value.isBoolean()) {
            into.add(new Feedback(DEFAULT_NAME, value.asBoolean() ? 1.0 : 0.0, null, null));
        } else if (value.isTextual()) {
            into.add(shorthand(value.asText()));
        } else {
            throw new BadRecordException(path + " must be an object, a label or a number, got "
                    + Fields.kind(value));
        }
    }

    /** A text column or field: a number such as "-1" is a score, anything else a label. */
    private static Feedback shorthand(String text) {
        try {
            double score = Double.parseDouble(text.trim());
            if (Double.isFinite(score)) {
                return new Feedback(DEFAULT_NAME, score, null, null);
            }
        } catch (NumberFormatException e) {
            // a label
        }
        return new Feedback(DEFAULT_NAME, null, text.trim(), null);
    }
}
