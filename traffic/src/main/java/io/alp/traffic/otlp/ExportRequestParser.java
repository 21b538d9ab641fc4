package io.alp.traffic.otlp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.alp.traffic.otlp.OtlpJson.array;
import static io.alp.traffic.otlp.OtlpJson.errorStatus;
import static io.alp.traffic.otlp.OtlpJson.keyValues;
import static io.alp.traffic.otlp.OtlpJson.nanos;
import static io.alp.traffic.otlp.OtlpJson.object;
import static io.alp.traffic.otlp.OtlpJson.text;

/**
 * Parses OTLP/JSON trace export requests ({@code ExportTraceServiceRequest}, or Tempo's {@code {"batches": [...]}})
 * into compact spans with Jackson's streaming parser, skipping the values of attributes nobody reads, and hands
 * each span to a sink as soon as it is read, so a document of any size is never held. Not thread-safe.
 */
final class ExportRequestParser {

    /** Receives spans, and spans that had to be skipped, with the line they start on. */
    interface Sink {
        void span(OtlpSpan span, long line);

        void problem(String problem, long line);
    }

    private static final ObjectMapper TREES = new ObjectMapper();
    private static final Set<String> OTLP_FIELDS = Set.of("resourceSpans", "resource_spans", "batches");
    private final JsonFactory json = new JsonFactory();
    private final SpanBuilder span = new SpanBuilder();
    private Sink sink;
    private long lineBase;

    JsonFactory factory() {
        return json;
    }

    /**
     * Parses one line holding one JSON value: an export request, or an array of them.
     *
     * @return the spans the line held
     * @throws MalformedLineException when the line is not JSON, or not one of those values
     */
    int parseLine(byte[] bytes, int length, long lineNumber, Sink sink) throws MalformedLineException {
        try (JsonParser p = json.createParser(bytes, 0, length)) {
            if (p.nextToken() == null) {
                throw new MalformedLineException("no JSON value");
            }
            int spans = parseValue(p, lineNumber - 1, sink);
            if (p.nextToken() != null) {
                throw new MalformedLineException("more than one JSON value on the line");
            }
            return spans;
        } catch (JsonProcessingException e) {
            throw new MalformedLineException("not JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new MalformedLineException("unreadable (" + e.getMessage() + ")");
        }
    }

    /**
     * Parses the value the parser is on (an export request, or an array of them) to its end.
     *
     * @param lineBase added to the parser's line numbers
     * @return the spans it held
     * @throws MalformedLineException when the value is neither or broken inside; the caller skips what is left of it
     */
    int parseValue(JsonParser p, long lineBase, Sink sink) throws IOException, MalformedLineException {
        this.sink = new Counting(sink);
        this.lineBase = lineBase;
        JsonToken token = p.currentToken();
        if (token == JsonToken.START_ARRAY) {
            JsonStreamContext array = p.getParsingContext();
            int index = 0;
            int accepted = 0;
            String firstProblem = null;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                index++;
                long line = line(p);
                try {
                    if (p.currentToken() != JsonToken.START_OBJECT) {
                        p.skipChildren();
                        throw new MalformedLineException("not a JSON object");
                    }
                    exportRequest(p);
                    accepted++;
                } catch (MalformedLineException e) {
                    while (p.getParsingContext() != array && p.nextToken() != null) {
                        // skip the rest of the broken element
                    }
                    String problem = "element " + index + " of the array: " + e.getMessage();
                    firstProblem = firstProblem == null ? problem : firstProblem;
                    if (accepted > 0) {
                        this.sink.problem(problem, line);
                    }
                }
            }
            if (accepted == 0 && firstProblem != null) {
                throw new MalformedLineException(firstProblem);
            }
        } else if (token == JsonToken.START_OBJECT) {
            exportRequest(p);
        } else {
            throw new MalformedLineException("a JSON " + token.asString() + ", not an export request object");
        }
        return ((Counting) this.sink).spans;
    }

    private void exportRequest(JsonParser p) throws IOException, MalformedLineException {
        boolean found = false;
        List<String> fields = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            if (!found && fields.isEmpty() && !OTLP_FIELDS.contains(field)) {
                notOpenedAsOtlp(p);
                return;
            }
            p.nextToken();
            if (OTLP_FIELDS.contains(field)) {
                found = true;
                for (boolean any = array(p, field); any && p.nextToken() != JsonToken.END_ARRAY; ) {
                    resourceSpans(p);
                }
            } else {
                if (fields.size() < 8) {
                    fields.add(field);
                }
                p.skipChildren();
            }
        }
        if (!found) {
            throw new MalformedLineException("no resourceSpans (not an OTLP trace export request; fields "
                    + String.join(", ", fields) + ")");
        }
    }

    /**
     * An object whose first field is not an OTLP one: read whole, since its fields may come in any order. It is
     * Jaeger's JSON (one trace, or {@code {"data": [traces]}}), or an export request with other fields first.
     */
    private void notOpenedAsOtlp(JsonParser p) throws IOException, MalformedLineException {
        long line = line(p);
        ObjectNode object = TREES.createObjectNode();
        for (JsonToken t = p.currentToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String field = p.currentName();
            p.nextToken();
            object.set(field, TREES.readTree(p));
        }
        if (JaegerTraces.isTrace(object)) {
            JaegerTraces.read(object, span, sink, line);
            return;
        }
        int traces = 0;
        for (JsonNode trace : object.path("data")) {
            if (JaegerTraces.isTrace(trace)) {
                JaegerTraces.read(trace, span, sink, line);
                traces++;
            }
        }
        if (traces > 0) {
            return;
        }
        if (OTLP_FIELDS.stream().anyMatch(object::has)) {
            ObjectNode spansFirst = TREES.createObjectNode();
            OTLP_FIELDS.stream().filter(object::has).forEach(f -> spansFirst.set(f, object.get(f)));
            try (JsonParser tokens = TREES.treeAsTokens(spansFirst)) {
                tokens.nextToken();
                exportRequest(tokens);
            }
            return;
        }
        List<String> fields = new ArrayList<>();
        object.fieldNames().forEachRemaining(fields::add);
        throw new MalformedLineException("no resourceSpans (not an OTLP trace export request; fields "
                + String.join(", ", fields.subList(0, Math.min(8, fields.size()))) + ")");
    }

    private long line(JsonParser p) {
        return lineBase + p.currentTokenLocation().getLineNr();
    }

    /** Counts what passes to the real sink. */
    private static final class Counting implements Sink {
        private final Sink sink;
        private int spans;

        Counting(Sink sink) {
            this.sink = sink;
        }

        @Override
        public void span(OtlpSpan span, long line) {
            spans++;
            sink.span(span, line);
        }

        @Override
        public void problem(String problem, long line) {
            sink.problem(problem, line);
        }
    }

    private void resourceSpans(JsonParser p) throws IOException, MalformedLineException {
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
                case "scopeSpans", "scope_spans", "instrumentationLibrarySpans" -> {
                    for (boolean any = array(p, field); any && p.nextToken() != JsonToken.END_ARRAY; ) {
                        scopeSpans(p, resource);
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

    private void scopeSpans(JsonParser p, Map<String, String> resource) throws IOException, MalformedLineException {
        if (!object(p, "a scopeSpans entry")) {
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if (field.equals("spans")) {
                for (boolean any = array(p, "spans"); any && p.nextToken() != JsonToken.END_ARRAY; ) {
                    span(p, resource);
                }
            } else {
                p.skipChildren();
            }
        }
    }

    private void span(JsonParser p, Map<String, String> resource) throws IOException, MalformedLineException {
        if (!object(p, "a span")) {
            return;
        }
        long line = line(p);
        SpanBuilder b = span;
        b.reset();
        String badTime = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "traceId", "trace_id" -> b.traceId = SpanIds.normalize(text(p));
                case "spanId", "span_id" -> b.spanId = SpanIds.normalize(text(p));
                case "parentSpanId", "parent_span_id" -> b.parentSpanId = SpanIds.normalize(text(p));
                case "name" -> b.name = text(p);
                case "startTimeUnixNano", "endTimeUnixNano", "start_time_unix_nano", "end_time_unix_nano" -> {
                    long nanos = nanos(p);
                    if (nanos < 0) {
                        badTime = field + " " + p.getText() + " is not a count of nanoseconds";
                    } else if (field.charAt(0) == 's') { // start...
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
            sink.problem(label + " has no traceId; skipped", line);
        } else if (b.spanId == null) {
            sink.problem(label + " has no spanId; skipped", line);
        } else if (badTime != null) {
            sink.problem(label + ": " + badTime + "; skipped", line);
        } else {
            sink.span(b.build(resource), line);
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

}
