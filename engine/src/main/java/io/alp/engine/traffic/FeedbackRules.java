package io.alp.engine.traffic;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which way each numeric score is better and where failure starts, per score name, as the {@code feedback}
 * section of a traffic config gives them: {@code toxicity: {better: lower, threshold: 0.5}} makes a toxicity above
 * 0.5 a failure, {@code correctness: {better: higher, threshold: 0.5}} a correctness below 0.5; the threshold itself
 * passes. Names match case-insensitively. A numeric score no rule names is kept but never decides a failure.
 */
public record FeedbackRules(Map<String, Rule> rules) {

    public static final FeedbackRules NONE = new FeedbackRules(Map.of());

    public enum Better { LOWER, HIGHER }

    public record Rule(Better better, double threshold) {

        boolean fails(double value) {
            return better == Better.LOWER ? value > threshold : value < threshold;
        }

        @Override
        public String toString() {
            return (better == Better.LOWER ? "lower" : "higher") + " is better, fails " + (better == Better.LOWER
                    ? "above " : "below ") + threshold;
        }
    }

    public FeedbackRules {
        Map<String, Rule> byName = new TreeMap<>();
        rules.forEach((name, rule) -> byName.put(name.toLowerCase(Locale.ROOT), rule));
        rules = java.util.Collections.unmodifiableMap(byName);
    }

    /** The request with each numeric score a rule names judged as failed or not. */
    public Request apply(Request r) {
        if (rules.isEmpty() || r.feedback().isEmpty()) {
            return r;
        }
        List<Feedback> judged = new ArrayList<>(r.feedback().size());
        for (Feedback f : r.feedback()) {
            Rule rule = f.name() == null ? null : rules.get(f.name().toLowerCase(Locale.ROOT));
            judged.add(rule == null || f.value() == null ? f : f.judged(rule.fails(f.value())));
        }
        return new Request(r.id(), r.traceId(), r.spanId(), r.start(), r.end(), r.input(), r.output(), r.models(),
                r.inputTokens(), r.outputTokens(), r.costUsd(), r.conversationId(), r.error(), judged, r.calls(),
                r.attributes());
    }

    public String describe() {
        StringBuilder out = new StringBuilder();
        rules.forEach((name, rule) -> out.append(out.isEmpty() ? "" : "; ").append(name).append(": ").append(rule));
        return out.toString();
    }
}
