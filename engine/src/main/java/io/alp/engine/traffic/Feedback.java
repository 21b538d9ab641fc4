package io.alp.engine.traffic;

import java.util.Locale;
import java.util.Set;

/**
 * User feedback or an evaluation score attached to a request (a Langfuse score, an OTel
 * {@code gen_ai.evaluation.result} event, a thumbs-down column).
 *
 * @param name    what was scored, e.g. {@code user-feedback} or {@code correctness}
 * @param value   the numeric score, or null when only a label was given
 * @param label   the categorical score, or null
 * @param comment free text (a judge's explanation, a user's comment), or null
 */
public record Feedback(String name, Double value, String label, String comment) {

    private static final Set<String> NEGATIVE_LABELS = Set.of("fail", "failed", "failure", "false", "bad",
            "negative", "thumbs_down", "thumbs-down", "thumbsdown", "down", "incorrect", "wrong", "no", "reject",
            "rejected", "unhelpful");

    /**
     * Negative when the label is one of the usual negative words, or when there is no label and the value is
     * below 0.5 (0/1, -1/+1 and 0..1 scales; a 1..5 rating counts as negative only below 0.5, i.e. never).
     */
    public boolean negative() {
        if (label != null && !label.isBlank()) {
            return NEGATIVE_LABELS.contains(label.trim().toLowerCase(Locale.ROOT));
        }
        return value != null && value < 0.5;
    }
}
