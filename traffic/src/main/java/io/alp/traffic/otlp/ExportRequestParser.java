package io.alp.traffic.otlp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses one line of an OTLP/JSON trace file, an {@code ExportTraceServiceRequest}, into compact spans with
 * Jackson's streaming parser, skipping the values of attributes nobody reads. Not thread-safe.
 */
final class ExportRequestParser {

    /** The spans of one line, and why any of its spans were skipped. */
    record Line(List<OtlpSpan> spans, List<String> problems) {
    }

    private static final Object ABSENT = new Object();

    private final JsonFactory json = new JsonFactory();
    private final SpanBuilder span = new SpanBuilder();

    /**
     * @throws MalformedLineException when the line is not JSON, not an object, or has no {@code resourceSpans}
     */
    Line parse(byte[] bytes, int length) throws MalformedLineException {
        List<OtlpSpan> spans = new ArrayList<>();
        List<String> problems = new ArrayList<>(0);
        try (JsonParser p = json.createParser(bytes, 0, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedLineException("not a JSON object");
            }
            boolean found = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("resourceSpans")) {
                    found = true;
                    for (boolean any = array(p, "resourceSpans"); any && p.nextToken() != JsonToken.END_ARRAY; ) {
                        resourceSpans(p, spans, problems);
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new MalformedLineException("more than one JSON value on the line");
            }
            if (!found) {
                throw new MalformedLineException("no resourceSpans (not an OTLP trace export request)");
            }
        } catch (JsonProcessingException e) {
            throw new MalformedLineException("not JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new MalformedLineException("unreadable (" + e.getMessage() + ")");
        }
        return new Line(spans, problems);
    }

    private void resourceSpans(JsonParser p, List<OtlpSpan> spans, List<String> problems)
            throws IOException, MalformedLineException {
        if (!object(p, "a resourceSpans entry")) {
            return;
        }
        // Filled when the resource is met, which JSON allows after the spans; its spans share this one map.
        Map<String, String> resource = new HashMap<>(4);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "resource" -> resource(p, resource);
                case "scopeSpans", "instrumentationLibrarySpans" -> {
                    for (boolean any = array(p, field); any && p.nextToken() != JsonToken.END_ARRAY; ) {
                        scopeSpans(p, resource, spans, problems);
                    }
                }
                default -> p.skipChildren();
            }
        }
    }

    private void resource(JsonParser p, Map<String, String> resource) throws IOException, MalformedLineException {
        if (!object(p, "resource")) {
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if (field.equals("attributes")) {
                keyValues(p, (key, value) -> {
                    String text = SpanBuilder.scalar(value);
                    if (text != null) {
                        resource.put(key, text);
                    }
                }, SpanBuilder.RESOURCE_STRATA::contains);
            } else {
                p.skipChildren();
            }
        }
    }

    private void scopeSpans(JsonParser p, Map<String, String> resource, List<OtlpSpan> spans, List<String> problems)
            throws IOException, MalformedLineException {
        if (!object(p, "a scopeSpans entry")) {
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if (field.equals("spans")) {
                for (boolean any = array(p, "spans"); any && p.nextToken() != JsonToken.END_ARRAY; ) {
                    span(p, resource, spans, problems);
                }
            } else {
                p.skipChildren();
            }
        }
    }

    private void span(JsonParser p, Map<String, String> resource, List<OtlpSpan> spans, List<String> problems)
            throws IOException, MalformedLineException {
        if (!object(p, "a span")) {
            return;
        }
        SpanBuilder b = span;
        b.reset();
        String badTime = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "traceId" -> b.traceId = SpanIds.normalize(text(p));
                case "spanId" -> b.spanId = SpanIds.normalize(text(p));
                case "parentSpanId" -> b.parentSpanId = SpanIds.normalize(text(p));
                case "name" -> b.name = text(p);
                case "startTimeUnixNano", "endTimeUnixNano" -> {
                    long nanos = nanos(p);
                    if (nanos < 0) {
                        badTime = field + " " + p.getText() + " is not a count of nanoseconds";
                    } else if (field.charAt(0) == 's') {
                        b.startNanos = nanos;
                    } else {
                        b.endNanos = nanos;
                    }
                }
                case "attributes" -> keyValues(p, b::attribute, SpanBuilder::wants);
                case "events" -> events(p, b);
                case "status" -> b.error = errorStatus(p);
                default -> p.skipChildren();
            }
        }
        String label = b.name == null ? "a span" : "span '" + b.name + "'";
        if (b.traceId == null) {
            problems.add(label + " has no traceId; skipped");
        } else if (b.spanId == null) {
            problems.add(label + " has no spanId; skipped");
        } else if (badTime != null) {
            problems.add(label + ": " + badTime + "; skipped");
        } else {
            spans.add(b.build(resource));
        }
    }

    private void events(JsonParser p, SpanBuilder b) throws IOException, MalformedLineException {
        for (boolean any = array(p, "events"); any && p.nextToken() != JsonToken.END_ARRAY; ) {
            if (!object(p, "an event")) {
                continue;
            }
            String name = null;
            Map<String, Object> attributes = new HashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("name")) {
                    name = text(p);
                } else if (field.equals("attributes")) {
                    keyValues(p, attributes::put, key -> true);
                } else {
                    p.skipChildren();
                }
            }
            b.event(name, attributes);
        }
    }

    /** Status code 2, "2" or "STATUS_CODE_ERROR" is an error. */
    private static boolean errorStatus(JsonParser p) throws IOException, MalformedLineException {
        if (!object(p, "status")) {
            return false;
        }
        boolean error = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if (field.equals("code")) {
                String code = p.getValueAsString();
                error = code != null && (code.equals("2") || code.equals("STATUS_CODE_ERROR") || code.equals("ERROR"));
            } else {
                p.skipChildren();
            }
        }
        return error;
    }

    private interface KeyValueSink {
        void accept(String key, Object value);
    }

    /** An attribute list {@code [{"key": ..., "value": AnyValue}]}; unwanted values are skipped unparsed. */
    private static void keyValues(JsonParser p, KeyValueSink sink, java.util.function.Predicate<String> wanted)
            throws IOException, MalformedLineException {
        for (boolean any = array(p, "attributes"); any && p.nextToken() != JsonToken.END_ARRAY; ) {
            if (!object(p, "an attribute")) {
                continue;
            }
            String key = null;
            boolean keyWanted = false;
            Object value = ABSENT;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("key")) {
                    key = text(p);
                    keyWanted = key != null && wanted.test(key);
                } else if (field.equals("value") && (key == null || keyWanted)) {
                    value = anyValue(p); // a value before its key is read in case the key is wanted
                } else {
                    p.skipChildren();
                }
            }
            if (keyWanted && value != ABSENT) {
                sink.accept(key, value);
            }
        }
    }

    /** An OTLP AnyValue as String, Long, Double, Boolean, List or Map; a bare JSON scalar is taken as it is. */
    private static Object anyValue(JsonParser p) throws IOException, MalformedLineException {
        JsonToken token = p.currentToken();
        if (token != JsonToken.START_OBJECT) {
            return scalar(p);
        }
        Object value = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "stringValue", "bytesValue" -> value = text(p);
                case "intValue" -> value = integer(p);
                case "doubleValue" -> value = p.currentToken().isNumeric() ? p.getDoubleValue() : doubleText(p);
                case "boolValue" -> value = p.currentToken() == JsonToken.VALUE_TRUE
                        || (p.currentToken() == JsonToken.VALUE_STRING && p.getText().equals("true"));
                case "arrayValue" -> value = arrayValue(p);
                case "kvlistValue" -> value = kvlistValue(p);
                default -> p.skipChildren();
            }
        }
        return value;
    }

    private static List<Object> arrayValue(JsonParser p) throws IOException, MalformedLineException {
        if (!object(p, "arrayValue")) {
            return List.of();
        }
        List<Object> values = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if (field.equals("values")) {
                for (boolean any = array(p, "arrayValue.values"); any && p.nextToken() != JsonToken.END_ARRAY; ) {
                    values.add(anyValue(p));
                }
            } else {
                p.skipChildren();
            }
        }
        return values;
    }

    private static Map<String, Object> kvlistValue(JsonParser p) throws IOException, MalformedLineException {
        if (!object(p, "kvlistValue")) {
            return Map.of();
        }
        Map<String, Object> values = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if (field.equals("values")) {
                keyValues(p, values::put, key -> true);
            } else {
                p.skipChildren();
            }
        }
        return values;
    }

    private static Object scalar(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            default -> {
                p.skipChildren();
                yield null;
            }
        };
    }

    /** A 64-bit integer, written as a string as OTLP/JSON does, or as a number. */
    private static Object integer(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
        }
        String text = p.getValueAsString();
        try {
            return text == null ? null : Long.valueOf(text);
        } catch (NumberFormatException e) {
            return text;
        }
    }

    private static Object doubleText(JsonParser p) throws IOException {
        String text = p.getValueAsString();
        try {
            return text == null ? null : Double.valueOf(text);
        } catch (NumberFormatException e) {
            return text;
        }
    }

    /** Epoch nanoseconds from a string or a number; -1 when it is neither. */
    private static long nanos(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
        }
        if (token == JsonToken.VALUE_STRING) {
            String text = p.getText();
            if (text.isEmpty()) {
                return 0;
            }
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        if (token == JsonToken.VALUE_NULL) {
            return 0;
        }
        p.skipChildren();
        return -1;
    }

    private static String text(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_STRING || token.isNumeric()) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    /** Whether an array starts here: false for null, which some writers use for an empty list. */
    private static boolean array(JsonParser p, String what) throws MalformedLineException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return false;
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new MalformedLineException(what + " is not an array");
        }
        return true;
    }

    /** Whether an object starts here: false for null. */
    private static boolean object(JsonParser p, String what) throws MalformedLineException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return false;
        }
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new MalformedLineException(what + " is not an object");
        }
        return true;
    }
}
