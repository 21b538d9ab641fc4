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
 * @param failed  whether the score marks a failure as the configured {@link FeedbackRules} judge its value, or
 *                null when no rule covers this score's name
 */
public record Feedback(String name, Double value, String label, String comment, Boolean failed) {

    private static final Set<String> NEGATIVE_LABELS = Set.of("fail", "failed", "failure", "false", "bad",
            "negative", "thumbs_down", "thumbs-down", "thumbsdown", "down", "incorrect", "wrong", "no", "reject",
            "rejected", "unhelpful");

    public Feedback(String name, Double value, String label, String comment) {
        this(name, value, label, comment, null);
    }

    /**
     * Negative when a rule judged the value a failure, or, without a rule, when the label is one of the usual
     * negative words. A bare number without a rule never counts: whether 0 is good depends on the score
     * ({@code toxicity: 0} is, {@code correctness: 0} is not), which only the configuration can say.
     */
    public boolean negative() {
        if (failed != null) {
            return failed;
        }
        return label != null && !label.isBlank() && NEGATIVE_LABELS.contains(label.trim().toLowerCase(Locale.ROOT));
    }

    public Feedback judged(Boolean failed) {
        return new Feedback(name, value, label, comment, failed);
    }
}
