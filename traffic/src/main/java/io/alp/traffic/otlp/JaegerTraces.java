package io.alp.traffic.otlp;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.Map;

/**
 * Jaeger's own JSON, as its UI downloads a trace ("Download JSON") and its query API answers {@code /api/traces}:
 * {@code {"data": [trace, ...]}}, an array of traces, or one trace, each {@code {"traceID", "spans": [...],
 * "processes": {...}}}. A span's {@code references} (CHILD_OF, else FOLLOWS_FROM) give its parent, its
 * {@code startTime} and {@code duration} are microseconds, its {@code tags} are its attributes (with the OpenTelemetry
 * exporter's {@code span.kind}, {@code otel.status_code} and {@code error}), its {@code logs} its events, and its
 * process the resource ({@code service.name} and the process's tags). Spans go through the same
 * {@link SpanBuilder} as OTLP spans, so every GenAI convention read from OTLP is read from Jaeger too.
 */
final class JaegerTraces {

    private JaegerTraces() {
    }

    /** Whether {@code node} is a Jaeger trace. */
    static boolean isTrace(JsonNode node) {
        return node != null && node.isObject() && node.path("spans").isArray()
                && (node.has("traceID") || node.has("processes"));
    }

    /** Hands every span of one Jaeger trace to {@code sink}; returns how many were handed on. */
    static int read(JsonNode trace, SpanBuilder b, ExportRequestParser.Sink sink, long line) {
        Map<String, Map<String, String>> resources = new HashMap<>();
        trace.path("processes").fields().forEachRemaining(p -> resources.put(p.getKey(), resource(p.getValue())));
        int spans = 0;
        for (JsonNode span : trace.path("spans")) {
            if (!span.isObject()) {
                sink.problem("a Jaeger span that is not an object; skipped", line);
                continue;
            }
            b.reset();
            b.traceId = SpanIds.normalize(text(span, "traceID", text(trace, "traceID", null)));
            b.spanId = SpanIds.normalize(text(span, "spanID", null));
            b.parentSpanId = SpanIds.normalize(parent(span));
            b.name = text(span, "operationName", null);
            long startMicros = span.path("startTime").asLong(-1);
            long durationMicros = span.path("duration").asLong(0);
            String label = b.name == null ? "a Jaeger span" : "Jaeger span '" + b.name + "'";
            if (b.traceId == null || b.spanId == null) {
                sink.problem(label + " has no " + (b.traceId == null ? "traceID" : "spanID") + "; skipped", line);
                continue;
            }
            if (startMicros < 0) {
                sink.problem(label + ": startTime is not a count of microseconds; skipped", line);
                continue;
            }
            b.startNanos = startMicros * 1000;
            b.endNanos = (startMicros + Math.max(0, durationMicros)) * 1000;
            for (JsonNode tag : span.path("tags")) {
                String key = text(tag, "key", null);
                if (key == null) {
                    continue;
                }
                Object value = value(tag);
                if ("error".equals(key) && Boolean.TRUE.equals(value)
                        || "otel.status_code".equals(key) && "ERROR".equals(value)) {
                    b.error = true;
                }
                if (SpanBuilder.wants(key)) {
                    b.attribute(key, value);
                }
            }
            for (JsonNode log : span.path("logs")) {
                Map<String, Object> fields = new HashMap<>();
                String event = null;
                for (JsonNode field : log.path("fields")) {
                    String key = text(field, "key", null);
                    if ("event".equals(key)) {
                        event = SpanBuilder.scalar(value(field));
                    } else if (key != null) {
                        fields.put(key, value(field));
                    }
                }
                b.event(event, fields);
            }
            Map<String, String> resource = resources.getOrDefault(text(span, "processID", ""),
                    span.has("process") ? resource(span.get("process")) : Map.of());
            sink.span(b.build(resource), line);
            spans++;
        }
        return spans;
    }

    /** The span it is a child of: the first CHILD_OF reference, else the first that follows from one. */
    private static String parent(JsonNode span) {
        String followsFrom = null;
        for (JsonNode ref : span.path("references")) {
            String id = text(ref, "spanID", null);
            if ("CHILD_OF".equals(text(ref, "refType", "CHILD_OF"))) {
                return id;
            }
            followsFrom = followsFrom == null ? id : followsFrom;
        }
        return followsFrom != null ? followsFrom : text(span, "parentSpanID", null);
    }

    private static Map<String, String> resource(JsonNode process) {
        Map<String, String> resource = new HashMap<>(4);
        String service = text(process, "serviceName", null);
        if (service != null) {
            resource.put("service.name", service);
        }
        for (JsonNode tag : process.path("tags")) {
            String key = text(tag, "key", null);
            String value = SpanBuilder.scalar(value(tag));
            if (key != null && value != null && SpanBuilder.RESOURCE_STRATA.contains(key)) {
                resource.put(key, value);
            }
        }
        return resource;
    }

    /** A tag's value by its declared type: string, bool, int64, float64 or binary (kept as its text). */
    private static Object value(JsonNode tag) {
        JsonNode v = tag.get("value");
        if (v == null || v.isNull()) {
            return null;
        }
        String type = text(tag, "type", "");
        return switch (type.toLowerCase(java.util.Locale.ROOT)) {
            case "bool" -> v.isBoolean() ? v.booleanValue() : Boolean.parseBoolean(v.asText());
            case "int64" -> v.isNumber() ? (Object) v.longValue() : SpanBuilder.toLong(v.asText(), 0);
            case "float64" -> v.isNumber() ? v.doubleValue() : v.asDouble();
            default -> v.isTextual() ? v.textValue() : v.isBoolean() ? (Object) v.booleanValue()
                    : v.isIntegralNumber() ? (Object) v.longValue() : v.isNumber() ? (Object) v.doubleValue()
                    : v.toString();
        };
    }

    private static String text(JsonNode node, String field, String absent) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isEmpty() ? absent : v.asText();
    }
}
