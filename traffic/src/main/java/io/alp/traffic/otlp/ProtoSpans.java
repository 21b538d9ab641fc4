package io.alp.traffic.otlp;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The spans of a protobuf {@code ExportTraceServiceRequest}, read with the same attribute rules as OTLP/JSON. */
final class ProtoSpans {

    private static final HexFormat HEX = HexFormat.of();

    private final SpanBuilder b = new SpanBuilder();

    /** Hands every span of the request to the sink, located at message {@code n}. */
    void read(ExportTraceServiceRequest request, long n, ExportRequestParser.Sink sink) {
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            Map<String, String> resource = new HashMap<>(4);
            for (KeyValue kv : resourceSpans.getResource().getAttributesList()) {
                if (SpanBuilder.RESOURCE_STRATA.contains(kv.getKey())) {
                    String text = SpanBuilder.scalar(value(kv.getValue()));
                    if (text != null) {
                        resource.put(kv.getKey(), text);
                    }
                }
            }
            for (ScopeSpans scope : resourceSpans.getScopeSpansList()) {
                for (Span span : scope.getSpansList()) {
                    span(span, resource, n, sink);
                }
            }
        }
    }

    private void span(Span span, Map<String, String> resource, long n, ExportRequestParser.Sink sink) {
        b.reset();
        b.traceId = id(span.getTraceId());
        b.spanId = id(span.getSpanId());
        b.parentSpanId = id(span.getParentSpanId());
        b.name = span.getName();
        b.startNanos = span.getStartTimeUnixNano();
        b.endNanos = span.getEndTimeUnixNano();
        b.error = span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR;
        for (KeyValue kv : span.getAttributesList()) {
            if (SpanBuilder.wants(kv.getKey())) {
                b.attribute(kv.getKey(), value(kv.getValue()));
            }
        }
        for (Span.Event event : span.getEventsList()) {
            Map<String, Object> attributes = new HashMap<>();
            for (KeyValue kv : event.getAttributesList()) {
                attributes.put(kv.getKey(), value(kv.getValue()));
            }
            b.event(event.getName(), attributes);
        }
        String label = b.name.isEmpty() ? "a span" : "span '" + b.name + "'";
        if (b.traceId == null) {
            sink.problem(label + " has no traceId; skipped", n);
        } else if (b.spanId == null) {
            sink.problem(label + " has no spanId; skipped", n);
        } else {
            sink.span(b.build(resource), n);
        }
    }

    private static String id(ByteString bytes) {
        return bytes.isEmpty() ? null : SpanIds.normalize(HEX.formatHex(bytes.toByteArray()));
    }

    /** An AnyValue as String, Long, Double, Boolean, List or Map, as the JSON parser gives them. */
    static Object value(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case INT_VALUE -> v.getIntValue();
            case DOUBLE_VALUE -> v.getDoubleValue();
            case BOOL_VALUE -> v.getBoolValue();
            case BYTES_VALUE -> java.util.Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray());
            case ARRAY_VALUE -> {
                List<Object> values = new ArrayList<>();
                v.getArrayValue().getValuesList().forEach(e -> values.add(value(e)));
                yield values;
            }
            case KVLIST_VALUE -> {
                Map<String, Object> values = new LinkedHashMap<>();
                v.getKvlistValue().getValuesList().forEach(kv -> values.put(kv.getKey(), value(kv.getValue())));
                yield values;
            }
            default -> null;
        };
    }
}
