package io.alp.traffic.collect;

import io.alp.engine.traffic.ReadReport;
import io.alp.engine.traffic.Request;
import io.alp.traffic.config.SourceSpec;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The receiver on loopback, fed by the OpenTelemetry Java SDK's own OTLP/HTTP exporter (1.68.0). */
class OtlpReceiverTest {

    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    private static final AttributeKey<String> MODEL = AttributeKey.stringKey("gen_ai.request.model");
    private static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    private static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    private static final AttributeKey<String> INPUT = AttributeKey.stringKey("gen_ai.input.messages");

    @TempDir
    Path dir;

    @Test
    void spansFromTheJavaSdkExporterAreStoredAndReadBackAsRequests() throws Exception {
        Path store = dir.resolve("collected");
        try (OtlpReceiver receiver = new OtlpReceiver(InetAddress.getLoopbackAddress(), 0, null,
                new TraceStore(store, 1 << 30, null, 64 << 20), 2)) {
            OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
                    .setEndpoint("http://127.0.0.1:" + receiver.port() + "/v1/traces").build();
            SdkTracerProvider provider = SdkTracerProvider.builder()
                    .setResource(Resource.getDefault().merge(Resource.create(
                            io.opentelemetry.api.common.Attributes.of(AttributeKey.stringKey("service.name"), "bot"))))
                    .addSpanProcessor(BatchSpanProcessor.builder(exporter).setMaxExportBatchSize(64).build()).build();
            Tracer tracer = provider.get("test");
            for (int i = 0; i < 50; i++) {
                Span agent = tracer.spanBuilder("invoke_agent support").setAttribute(OPERATION, "invoke_agent")
                        .startSpan();
                try (Scope ignored = agent.makeCurrent()) {
                    for (int call = 0; call < 2; call++) {
                        tracer.spanBuilder("chat gpt-4o-mini").setAttribute(OPERATION, "chat")
                                .setAttribute(MODEL, "gpt-4o-mini").setAttribute(INPUT_TOKENS, 12L)
                                .setAttribute(OUTPUT_TOKENS, 9L)
                                .setAttribute(INPUT, "[{\"role\":\"user\",\"content\":\"question " + i + "\"}]")
                                .startSpan().end();
                    }
                } finally {
                    agent.end();
                }
            }
            assertTrue(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess());
            provider.shutdown().join(10, TimeUnit.SECONDS);

            assertEquals(150, receiver.counts().spans());
            assertEquals(0, receiver.counts().refusedRequests());
        }
        List<Request> requests = new ArrayList<>();
        ReadReport report = new SourceSpec(SourceSpec.Kind.COLLECTED, store, null, null, null, null).open(Map.of())
                .read(requests::add);
        assertEquals(150, report.records());
        assertEquals(0, report.malformed(), report::toString);
        assertEquals(50, requests.size());
        for (Request r : requests) {
            assertTrue(r.input().matches("question \\d+"), r.input());
            assertEquals(24, r.inputTokens());
            assertEquals(2, r.calls().size());
        }
    }

    @Test
    void jsonIsTakenBadBodiesAndWrongTypesAreRefusedWithAReasonAndATokenIsChecked() throws Exception {
        Path store = dir.resolve("collected");
        String line = Files.readAllLines(Path.of(getClass().getResource(
                "/otlp/producers/openllmetry-0.27.0-handoff.jsonl").toURI())).get(0);
        try (OtlpReceiver receiver = new OtlpReceiver(InetAddress.getLoopbackAddress(), 0, "s3cret",
                new TraceStore(store, 1 << 30, null, 64 << 20), 2)) {
            String url = "http://127.0.0.1:" + receiver.port() + "/v1/traces";
            assertEquals(401, post(url, "application/json", line, null).statusCode());
            HttpResponse<String> ok = post(url, "application/json", line, "Bearer s3cret");
            assertEquals(200, ok.statusCode(), ok.body());
            HttpResponse<String> bad = post(url, "application/json", "{\"resourceSpans\": 3}", "Bearer s3cret");
            assertEquals(400, bad.statusCode());
            assertTrue(bad.body().contains("resourceSpans is not an array"), bad.body());
            assertEquals(415, post(url, "text/plain", line, "Bearer s3cret").statusCode());
            assertEquals(1, receiver.counts().requests());
            assertEquals(3, receiver.counts().refusedRequests());
        }
        assertEquals(1, TraceStore.segments(store).size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OtlpReceiver(
                InetAddress.getByName("0.0.0.0"), 0, null, new TraceStore(dir.resolve("x"), 1 << 30, null, 1 << 20), 1));
        assertTrue(e.getMessage().contains("needs a token"), e.getMessage());
    }

    @Test
    void theStoreKeepsItsRetainedSizeByDeletingTheOldestSegments() throws IOException {
        Path store = dir.resolve("collected");
        try (TraceStore traces = new TraceStore(store, 4_000, null, 1_000)) {
            byte[] request = new byte[300];
            for (int i = 0; i < 40; i++) {
                traces.append(TraceStore.Encoding.PROTOBUF, request, request.length);
            }
        }
        List<Path> segments = TraceStore.segments(store);
        long total = 0;
        for (Path p : segments) {
            total += Files.size(p);
        }
        assertTrue(total <= 4_000 + 1_000, "kept " + total + " bytes in " + segments);
        assertTrue(segments.get(0).getFileName().toString().compareTo("traces-000000000005.binpb") > 0,
                "the oldest are gone: " + segments);
    }

    private static HttpResponse<String> post(String url, String type, String body, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
