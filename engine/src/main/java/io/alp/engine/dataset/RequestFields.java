package io.alp.engine.dataset;

import io.alp.engine.traffic.Request;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The named fields of a request that filters and stratification keys can use. Built-in names first; any other
 * name (or {@code attributes.NAME}) reads the request's attribute of that name.
 */
public final class RequestFields {

    /** The built-in field names. */
    public static final Set<String> BUILT_IN = Set.of("id", "trace_id", "input", "output", "model", "models",
            "conversation_id", "error", "negative_feedback", "failure", "input_tokens", "output_tokens",
            "cost_usd", "calls");

    private RequestFields() {
    }

    /** The field's value as text, or empty when the request has none. */
    public static Optional<String> value(Request r, String field) {
        String name = field.toLowerCase(Locale.ROOT);
        return Optional.ofNullable(switch (name) {
            case "id" -> r.id();
            case "trace_id" -> r.traceId();
            case "input" -> r.input();
            case "output" -> r.output();
            case "model" -> r.models().isEmpty() ? null : r.models().get(0);
            case "models" -> r.models().isEmpty() ? null : String.join(",", r.models());
            case "conversation_id" -> r.conversationId();
            case "error" -> Boolean.toString(r.error());
            case "negative_feedback" -> Boolean.toString(r.hasNegativeFeedback());
            case "failure" -> Boolean.toString(failure(r));
            case "input_tokens" -> Long.toString(r.inputTokens());
            case "output_tokens" -> Long.toString(r.outputTokens());
            case "cost_usd" -> r.costUsd() == null ? null : Double.toString(r.costUsd());
            case "calls" -> Integer.toString(r.calls().size());
            default -> r.attributes().get(field.startsWith("attributes.") ? field.substring(11) : field);
        });
    }

    /** A failure is what the debug policy prefers: an error, negative feedback, or a judge's complaint. */
    public static boolean failure(Request r) {
        return r.error() || r.hasNegativeFeedback();
    }
}
