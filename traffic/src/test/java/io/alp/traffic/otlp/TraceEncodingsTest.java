package io.alp.traffic.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.alp.engine.traffic.Request;
import io.alp.engine.traffic.TrafficFormatException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static io.alp.traffic.otlp.OtlpLines.chat;
import static io.alp.traffic.otlp.OtlpLines.line;
import static io.alp.traffic.otlp.OtlpLines.sid;
import static io.alp.traffic.otlp.OtlpLines.tid;
import static io.alp.traffic.otlp.OtlpLines.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The same spans read from each encoding a trace file comes in give the same requests. */
class TraceEncodingsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static final String FIRST = line(chat(tid(1), sid(1), null, 0, 10, 1),
            chat(tid(1), sid(2), sid(1), 10, 20, 2));
    private static final String SECOND = line(chat(tid(2), sid(3), null, 0, 30, 3));

    @Test
    void aPrettyPrintedDocumentReadsLikeJsonLines() throws IOException {
        Path lines = write(dir.resolve("lines.jsonl"), FIRST, SECOND);
        Path pretty = Files.writeString(dir.resolve("pretty.json"),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(FIRST)) + "\n"
                        + JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(SECOND)));
        assertSame(OtlpTraceSourceTest.Read.of(lines), OtlpTraceSourceTest.Read.of(pretty));
    }

    @Test
    void aPrettyPrintedArrayAndAOneLineArrayAreRead() throws IOException {
        Path lines = write(dir.resolve("lines.jsonl"), FIRST, SECOND);
        String array = "[" + FIRST + "," + SECOND + "]";
        Path oneLine = write(dir.resolve("array.json"), array);
        Path pretty = Files.writeString(dir.resolve("pretty.json"),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(array)));
        assertSame(OtlpTraceSourceTest.Read.of(lines), OtlpTraceSourceTest.Read.of(oneLine));
        assertSame(OtlpTraceSourceTest.Read.of(lines), OtlpTraceSourceTest.Read.of(pretty));
    }

    @Test
    void aTempoExportWithBatchesAndInstrumentationLibrarySpansAndBase64IdsIsRead() throws IOException {
        Path lines = write(dir.resolve("lines.jsonl"), FIRST);
        JsonNode request = JSON.readTree(FIRST);
        StringBuilder tempo = new StringBuilder("{\"batches\": [");
        for (JsonNode resourceSpans : request.get("resourceSpans")) {
            com.fasterxml.jackson.databind.node.ObjectNode batch = resourceSpans.deepCopy();
            JsonNode scopes = batch.remove("scopeSpans");
            for (JsonNode scope : scopes) {
                for (JsonNode span : scope.get("spans")) {
                    com.fasterxml.jackson.databind.node.ObjectNode s = (com.fasterxml.jackson.databind.node.ObjectNode) span;
                    for (String id : List.of("traceId", "spanId", "parentSpanId")) {
                        String hex = s.path(id).asText();
                        s.put(id, hex.isEmpty() ? "" : java.util.Base64.getEncoder()
                                .encodeToString(HexFormat.of().parseHex(hex)));
                    }
                }
            }
            batch.set("instrumentationLibrarySpans", scopes);
            tempo.append(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(batch));
        }
        tempo.append("]}");
        Path file = Files.writeString(dir.resolve("tempo.json"), tempo);
        assertSame(OtlpTraceSourceTest.Read.of(lines), OtlpTraceSourceTest.Read.of(file));
    }

    @Test
    void protobufFramedAsTheCollectorFileExporterWritesItAndABareMessageAreRead() throws IOException {
        Path lines = write(dir.resolve("lines.jsonl"), FIRST, SECOND);
        ByteArrayOutputStream framed = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(framed);
        for (byte[] message : List.of(proto(1, 1, 2), proto(2, 3))) {
            out.writeInt(message.length);
            out.write(message);
        }
        Path file = Files.write(dir.resolve("traces.binpb"), framed.toByteArray());
        assertSame(OtlpTraceSourceTest.Read.of(lines), OtlpTraceSourceTest.Read.of(file));

        Path gz = dir.resolve("traces.binpb.gz");
        try (OutputStream gzip = new GZIPOutputStream(Files.newOutputStream(gz))) {
            gzip.write(framed.toByteArray());
        }
        assertSame(OtlpTraceSourceTest.Read.of(lines), OtlpTraceSourceTest.Read.of(gz));

        Path bare = Files.write(dir.resolve("body.binpb"), proto(1, 1, 2));
        assertEquals(OtlpTraceSourceTest.Read.of(write(dir.resolve("one.jsonl"), FIRST)).requests(),
                OtlpTraceSourceTest.Read.of(bare).requests());
    }

    @Test
    void aBrokenDocumentIsRefusedWithItsLineAndALangfuseDownloadIsNamed() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\n  \"resourceSpans\": [\n    {,\n  ]\n}\n");
        TrafficFormatException e = assertThrows(TrafficFormatException.class,
                () -> new OtlpTraceSource(broken).read(r -> { }));
        assertTrue(e.getMessage().startsWith(broken + " is not valid JSON at line 3"), e.getMessage());

        Path langfuse = Files.writeString(dir.resolve("trace.json"),
                "{\n  \"trace\": {\"id\": \"t1\"},\n  \"observations\": []\n}\n");
        e = assertThrows(TrafficFormatException.class, () -> new OtlpTraceSource(langfuse).read(r -> { }));
        assertTrue(e.getMessage().contains("a Langfuse trace download"), e.getMessage());
        assertTrue(e.getMessage().contains("(from line 1)"), e.getMessage());
    }

    @Test
    void aBrokenExportRequestInsideADocumentIsSkippedAndTheNextOnesAreRead() throws IOException {
        String broken = "{\"resourceSpans\": [{\"scopeSpans\": 7, \"resource\": {}}]}";
        Path file = Files.writeString(dir.resolve("mixed.json"), "[\n" + FIRST + ",\n" + broken + ",\n" + SECOND
                + "\n]\n" + JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(broken)) + "\n"
                + line(chat(tid(3), sid(4), null, 0, 30, 3)) + "\n");
        OtlpTraceSourceTest.Read read = OtlpTraceSourceTest.Read.of(file);
        assertEquals(List.of(tid(1), tid(2), tid(3)), read.ids());
        assertEquals(2, read.report().malformed(), read.report()::toString);
        assertEquals(file + " line 3", read.report().problems().get(0).location());
    }

    @Test
    void zstdIsRefusedWithWhatToDo() throws IOException {
        Path file = Files.write(dir.resolve("traces.zst"), new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0, 0});
        TrafficFormatException e = assertThrows(TrafficFormatException.class,
                () -> new OtlpTraceSource(file).read(r -> { }));
        assertTrue(e.getMessage().contains("zstd -d"), e.getMessage());
    }

    /** The chat spans {@link OtlpLines#chat} writes, as protobuf: trace {@code trace}, spans {@code spans}. */
    private static byte[] proto(int trace, int... spans) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        long t0 = 1_760_432_400_000_000_000L;
        int[][] tokens = {{0, 0}, {10, 1}, {20, 2}, {30, 3}};
        int[] offsets = {0, 0, 10, 0};
        for (int n : spans) {
            Span.Builder span = Span.newBuilder().setTraceId(id(tid(trace))).setSpanId(id(sid(n)))
                    .setName("span " + sid(n)).setStartTimeUnixNano(t0 + offsets[n] * 1_000_000L)
                    .setEndTimeUnixNano(t0 + offsets[n] * 1_000_000L + 100_000_000L)
                    .addAttributes(kv("gen_ai.operation.name", "chat"))
                    .addAttributes(kv("gen_ai.request.model", "gpt-4o-mini"))
                    .addAttributes(KeyValue.newBuilder().setKey("gen_ai.usage.input_tokens")
                            .setValue(AnyValue.newBuilder().setIntValue(tokens[n][0])))
                    .addAttributes(KeyValue.newBuilder().setKey("gen_ai.usage.output_tokens")
                            .setValue(AnyValue.newBuilder().setIntValue(tokens[n][1])))
                    .addAttributes(kv("gen_ai.input.messages", "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\","
                            + "\"content\":\"question " + sid(n) + "\"}]}]"));
            if (n == 2) {
                span.setParentSpanId(id(sid(1)));
            }
            scope.addSpans(span);
        }
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(io.opentelemetry.proto.resource.v1.Resource.newBuilder()
                        .addAttributes(kv("service.name", "test")))
                .addScopeSpans(scope)).build().toByteArray();
    }

    private static KeyValue kv(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static ByteString id(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }

    private static void assertSame(OtlpTraceSourceTest.Read expected, OtlpTraceSourceTest.Read actual) {
        assertEquals(expected.report().malformed(), actual.report().malformed(), actual.report()::toString);
        assertEquals(expected.report().records(), actual.report().records());
        assertEquals(expected.requests(), actual.requests());
        assertTrue(!actual.requests().isEmpty());
    }
}
