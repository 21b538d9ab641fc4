package io.alp.traffic.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * The same OTLP/JSON Lines trace file in the other encodings a reader takes, for benchmarks: one pretty-printed
 * JSON array of all export requests, or protobuf framed as the Collector's file exporter writes it.
 */
public final class TraceFileFormats {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private TraceFileFormats() {
    }

    /** Writes the export requests of a JSON Lines file as one pretty-printed JSON array. */
    public static void toPrettyArray(Path jsonLines, Path target) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), 1 << 16);
             JsonGenerator json = new JsonFactory(JSON).createGenerator(out)) {
            json.useDefaultPrettyPrinter();
            json.writeStartArray();
            eachLine(jsonLines, line -> {
                try {
                    json.writeTree(JSON.readTree(line));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            json.writeEndArray();
        }
    }

    /** Writes the export requests of a JSON Lines file as protobuf, each preceded by its 4-byte size. */
    public static void toFramedProtobuf(Path jsonLines, Path target) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(target),
                1 << 16))) {
            eachLine(jsonLines, line -> {
                try {
                    byte[] message = protobuf(JSON.readTree(line)).toByteArray();
                    out.writeInt(message.length);
                    out.write(message);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
    }

    /** One OTLP/JSON export request (hex ids, attributes of scalar values) as the protobuf message. */
    public static ExportTraceServiceRequest protobuf(JsonNode request) {
        ExportTraceServiceRequest.Builder out = ExportTraceServiceRequest.newBuilder();
        for (JsonNode rs : request.path("resourceSpans")) {
            Resource.Builder resource = Resource.newBuilder();
            rs.path("resource").path("attributes").forEach(a -> resource.addAttributes(keyValue(a)));
            ResourceSpans.Builder resourceSpans = ResourceSpans.newBuilder().setResource(resource);
            for (JsonNode ss : rs.path("scopeSpans")) {
                ScopeSpans.Builder scope = ScopeSpans.newBuilder();
                for (JsonNode s : ss.path("spans")) {
                    Span.Builder span = Span.newBuilder().setTraceId(id(s.path("traceId").asText()))
                            .setSpanId(id(s.path("spanId").asText())).setName(s.path("name").asText())
                            .setStartTimeUnixNano(s.path("startTimeUnixNano").asLong())
                            .setEndTimeUnixNano(s.path("endTimeUnixNano").asLong());
                    String parent = s.path("parentSpanId").asText();
                    if (!parent.isEmpty()) {
                        span.setParentSpanId(id(parent));
                    }
                    s.path("attributes").forEach(a -> span.addAttributes(keyValue(a)));
                    if (s.path("status").path("code").asInt() == 2) {
                        span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR));
                    }
                    scope.addSpans(span);
                }
                resourceSpans.addScopeSpans(scope);
            }
            out.addResourceSpans(resourceSpans);
        }
        return out.build();
    }

    private static KeyValue keyValue(JsonNode attribute) {
        JsonNode v = attribute.path("value");
        AnyValue.Builder value = AnyValue.newBuilder();
        if (v.has("intValue")) {
            value.setIntValue(v.get("intValue").asLong());
        } else if (v.has("doubleValue")) {
            value.setDoubleValue(v.get("doubleValue").asDouble());
        } else if (v.has("boolValue")) {
            value.setBoolValue(v.get("boolValue").asBoolean());
        } else {
            value.setStringValue(v.path("stringValue").asText());
        }
        return KeyValue.newBuilder().setKey(attribute.path("key").asText()).setValue(value).build();
    }

    private static ByteString id(String hex) {
        return ByteString.copyFrom(HEX.parseHex(hex));
    }

    private static void eachLine(Path file, Consumer<String> line) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String l = in.readLine(); l != null; l = in.readLine()) {
                if (!l.isBlank()) {
                    line.accept(l);
                }
            }
        }
    }
}
