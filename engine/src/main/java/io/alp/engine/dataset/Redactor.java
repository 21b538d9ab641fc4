package io.alp.engine.dataset;

import io.alp.engine.traffic.Feedback;
import io.alp.engine.traffic.Request;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Regex redactions applied to a request's free text (input, output, attribute values, feedback labels and
 * comments, conversation id) before anything is stored. Ids, timestamps, models and token counts are kept.
 */
public final class Redactor {

    /** One redaction: every match of {@code pattern} becomes {@code replacement} ({@code $1} inserts group 1). */
    public record Rule(String name, Pattern pattern, String replacement) {
    }

    /** Named rules users can ask for by name. */
    public static final Map<String, String> BUILT_IN = Map.of(
            "email", "[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}",
            "phone", "(?<![\\w+])\\+?\\d{1,3}[ .-]?\\(?\\d{2,4}\\)?[ .-]?\\d{3,4}[ .-]?\\d{3,4}(?!\\w)",
            "credit_card", "(?<!\\d)(?:\\d[ -]?){12,18}\\d(?!\\d)",
            "ipv4", "(?<![\\d.])(?:\\d{1,3}\\.){3}\\d{1,3}(?![\\d.])",
            "api_key", "\\b(?:sk-[A-Za-z0-9_-]{16,}|AKIA[0-9A-Z]{16}|(?i:bearer)\\s+[A-Za-z0-9._~+/-]{16,}=*)");

    public static final Redactor NONE = new Redactor(List.of());

    private final List<Rule> rules;

    public Redactor(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static Rule builtIn(String name) {
        String regex = BUILT_IN.get(name);
        if (regex == null) {
            throw new IllegalArgumentException("no built-in redaction named " + name + " (known: "
                    + String.join(", ", new java.util.TreeSet<>(BUILT_IN.keySet())) + ")");
        }
        return new Rule(name, Pattern.compile(regex), "[" + name.toUpperCase(java.util.Locale.ROOT) + "]");
    }

    public List<Rule> rules() {
        return rules;
    }

    /**
     * Replaces the matches of every rule, found on the original text; where matches overlap, the earliest and
     * then the longest wins, so a phone-number rule cannot leave the tail of a card number behind whatever the
     * order of the rules.
     */
    public String apply(String text) {
        if (text == null || rules.isEmpty()) {
            return text;
        }
        List<Hit> hits = new ArrayList<>();
        for (Rule rule : rules) {
            Matcher m = rule.pattern().matcher(text);
            while (m.find()) {
                if (m.end() > m.start()) {
                    hits.add(new Hit(m.start(), m.end(), expand(rule.replacement(), m)));
                }
            }
        }
        hits.sort(Comparator.comparingInt(Hit::start).thenComparing(h -> -(h.end() - h.start())));
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (Hit h : hits) {
            if (h.start() >= at) {
                out.append(text, at, h.start()).append(h.replacement());
                at = h.end();
            }
        }
        return out.append(text.substring(at)).toString();
    }

    private record Hit(int start, int end, String replacement) {
    }

    /** The replacement with {@code $n} replaced by group n of the match; a backslash quotes the next character. */
    private static String expand(String replacement, Matcher m) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < replacement.length(); i++) {
            char c = replacement.charAt(i);
            if (c == '\\' && i + 1 < replacement.length()) {
                out.append(replacement.charAt(++i));
            } else if (c == '$' && i + 1 < replacement.length() && Character.isDigit(replacement.charAt(i + 1))) {
                int group = replacement.charAt(++i) - '0';
                String value = group <= m.groupCount() ? m.group(group) : null;
                out.append(value == null ? "" : value);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    public Request apply(Request r) {
        if (rules.isEmpty()) {
            return r;
        }
        Map<String, String> attributes = new TreeMap<>();
        r.attributes().forEach((k, v) -> attributes.put(k, apply(v)));
        List<Feedback> feedback = r.feedback().stream()
                .map(f -> new Feedback(f.name(), f.value(), apply(f.label()), apply(f.comment()))).toList();
        return new Request(r.id(), r.traceId(), r.spanId(), r.start(), r.end(), apply(r.input()), apply(r.output()),
                r.models(), r.inputTokens(), r.outputTokens(), r.costUsd(), apply(r.conversationId()), r.error(),
                feedback, r.calls(), attributes);
    }
}
