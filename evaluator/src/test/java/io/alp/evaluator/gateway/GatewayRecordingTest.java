package io.alp.evaluator.gateway;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.alp.evaluator.llm.Protocol;
import io.alp.evaluator.llm.ProviderSpec;
import io.alp.evaluator.testkit.TestPrices;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.alp.evaluator.gateway.MeteringGatewayTest.ANTHROPIC_MESSAGE;
import static io.alp.evaluator.gateway.MeteringGatewayTest.ANTHROPIC_STREAM_REST;
import static io.alp.evaluator.gateway.MeteringGatewayTest.ANTHROPIC_STREAM_START;
import static io.alp.evaluator.gateway.MeteringGatewayTest.OPENAI_STREAM_END;
import static io.alp.evaluator.gateway.MeteringGatewayTest.anthropicClient;
import static io.alp.evaluator.gateway.MeteringGatewayTest.chat;
import static io.alp.evaluator.gateway.MeteringGatewayTest.message;
import static io.alp.evaluator.gateway.MeteringGatewayTest.openAiChunk;
import static io.alp.evaluator.gateway.MeteringGatewayTest.openAiClient;
import static io.alp.evaluator.gateway.MeteringGatewayTest.openAiCompletion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Records candidates' calls through the gateway, then re-runs them offline from the recording. */
class GatewayRecordingTest {

    static final String OPENAI_KEY = "sk-real-openai-rec-k3y-0123456789";
    static final String ANTHROPIC_KEY = "sk-ant-real-rec-k3y-9876543210";
    static final Map<String, String> ENV = Map.of("TEST_OPENAI_KEY", OPENAI_KEY, "TEST_ANTHROPIC_KEY", ANTHROPIC_KEY);
    static final ObjectMapper JSON = new ObjectMapper();
    static final String RAW_STREAM_REQUEST = "{\"model\":\"gpt-4o-mini\",\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"raw stream\"}]}";

    @TempDir
    Path dir;
    Upstream openAi;
    Upstream anthropic;
    List<ProviderSpec> providers;
    TestPrices prices;
    final List<String> tokens = new ArrayList<>();
    final AtomicInteger counted = new AtomicInteger();

    @BeforeEach
    void upstreams() throws Exception {
        openAi = new Upstream();
        anthropic = new Upstream();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        providers = List.of(
                new ProviderSpec("openai", Protocol.OPENAI, openAi.url("/v1"), "TEST_OPENAI_KEY", null,
                        Duration.ofSeconds(10), 0),
                new ProviderSpec("anthropic", Protocol.ANTHROPIC, anthropic.url("/"), "TEST_ANTHROPIC_KEY", null,
                        Duration.ofSeconds(10), 0),
                new ProviderSpec("gone", Protocol.OPENAI, "http://127.0.0.1:" + closedPort + "/v1", null, null,
                        Duration.ofSeconds(10), 0));
        prices = new TestPrices()
                .with("openai/gpt-4o-mini", 0.15, 0.60, 0.075, 0)
                .with("anthropic/claude-haiku-4-5", 1, 5, 0.1, 1.25)
                .with("gone/m", 1, 1, 1, 1);
        openAi.answer(r -> {
            JsonNode body = body(r);
            if (body.path("stream").asBoolean()) {
                return Upstream.sse(openAiChunk("Hel") + openAiChunk("lo") + OPENAI_STREAM_END);
            }
            if (body.toString().contains("again")) {
                int n = counted.incrementAndGet();
                return Upstream.json(200, openAiCompletion("gpt-4o-mini", "answer " + n, 10 * n, n, 0));
            }
            return Upstream.json(200, openAiCompletion("gpt-4o-mini", "hello", 1000, 200, 400));
        });
        anthropic.answer(r -> body(r).path("stream").asBoolean()
                ? Upstream.sse(ANTHROPIC_STREAM_START + ANTHROPIC_STREAM_REST)
                : Upstream.json(200, ANTHROPIC_MESSAGE));
    }

    @AfterEach
    void stop() {
        openAi.close();
        anthropic.close();
    }

    static JsonNode body(RecordedRequest request) {
        try {
            return JSON.readTree(request.getBody().utf8());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    GatewaySettings settings() {
        return new GatewaySettings(20, 1.0, Duration.ofSeconds(10), 1 << 20);
    }

    RunGrant open(MeteringGateway gateway, String session, String node, String caseId, Map<String, String> map) {
        RunGrant grant = gateway.open(new RunScope(session, node, caseId, map, "openai", "anthropic"));
        tokens.add(grant.token());
        return grant;
    }

    /** What a session's candidates saw and spent. */
    record Seen(List<String> answers, List<RunUsage> usages, int rawStatus, String rawType, String rawBody) {
    }

    /** The same candidate calls, against a recording or a replaying gateway. */
    Seen session(MeteringGateway gateway, String session) throws Exception {
        List<String> answers = new ArrayList<>();
        List<RunUsage> usages = new ArrayList<>();

        RunGrant first = open(gateway, session, "n1", "c1", Map.of("gpt-4o", "openai/gpt-4o-mini",
                "claude-haiku-4-5", "anthropic/claude-haiku-4-5"));
        OpenAIClient openAiClient = openAiClient(first);
        AnthropicClient anthropicClient = anthropicClient(first);
        HttpResponse<String> raw;
        try {
            answers.add(openAiClient.chat().completions().create(chat("gpt-4o")).choices().get(0).message()
                    .content().orElseThrow());
            StringBuilder streamed = new StringBuilder();
            try (var stream = openAiClient.chat().completions().createStreaming(chat("gpt-4o-mini"))) {
                stream.stream().forEach(chunk -> chunk.choices().forEach(
                        choice -> choice.delta().content().ifPresent(streamed::append)));
            }
            answers.add(streamed.toString());
            answers.add(anthropicClient.messages().create(message("claude-haiku-4-5")).content().get(0).text()
                    .orElseThrow().text());
            StringBuilder events = new StringBuilder();
            try (StreamResponse<RawMessageStreamEvent> stream = anthropicClient.messages().createStreaming(
                    message("claude-haiku-4-5"))) {
                stream.stream().forEach(event -> events.append(event.isContentBlockDelta()
                        ? event.asContentBlockDelta().delta().text().orElseThrow().text() : "|"));
            }
            answers.add(events.toString());
            raw = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                    URI.create(first.openAiBaseUrl() + "/chat/completions"))
                            .header("Authorization", "Bearer " + first.token())
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(RAW_STREAM_REQUEST)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } finally {
            openAiClient.close();
            anthropicClient.close();
        }
        usages.add(closeAfter(gateway, first, 5));

        RunGrant second = open(gateway, session, "n2", "c1", Map.of());
        OpenAIClient again = openAiClient(second);
        try {
            for (int i = 0; i < 2; i++) {
                answers.add(again.chat().completions().create(chat("gpt-4o-mini").toBuilder()
                        .messages(List.of()).addUserMessage("Say it again").build()).choices().get(0).message()
                        .content().orElseThrow());
            }
            OpenAIServiceException e = assertThrows(OpenAIServiceException.class,
                    () -> again.chat().completions().create(chat("gone/m")));
            answers.add(e.statusCode() + " " + e.getMessage());
        } finally {
            again.close();
        }
        usages.add(closeAfter(gateway, second, 3));
        return new Seen(answers, usages, raw.statusCode(), raw.headers().firstValue("Content-Type").orElse(""),
                raw.body());
    }

    /** Closes a run once its calls are attributed (a stream is, just after the candidate read its end). */
    static RunUsage closeAfter(MeteringGateway gateway, RunGrant grant, int calls) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (gateway.usage(grant.token()).calls() < calls && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        RunUsage usage = gateway.close(grant.token());
        assertEquals(calls, usage.calls(), usage.toString());
        return usage;
    }

    static void assertSameSpend(RunUsage recorded, RunUsage replayed) {
        assertEquals(recorded.calls(), replayed.calls());
        assertEquals(recorded.failedCalls(), replayed.failedCalls());
        assertEquals(recorded.rejected(), replayed.rejected());
        assertEquals(recorded.usage(), replayed.usage());
        assertEquals(recorded.costUsd(), replayed.costUsd(), 0.0, "identical dollars");
        assertEquals(recorded.byModel(), replayed.byModel());
        assertEquals(recorded.errors(), replayed.errors());
        assertEquals(recorded.scope().nodeId(), replayed.scope().nodeId());
        assertEquals(recorded.scope().caseId(), replayed.scope().caseId());
    }

    @Test
    void aRecordedSessionIsReRunOfflineWithTheSameAnswersAndCosts() throws Exception {
        Path file = dir.resolve("rec/gateway.jsonl");
        Seen recorded;
        try (MeteringGateway gateway = MeteringGateway.start(providers, prices, ENV::get, settings(),
                GatewayRecording.record(file))) {
            assertEquals(GatewayRecording.Mode.RECORD, gateway.recording().mode());
            recorded = session(gateway, "s-rec");
        }
        assertEquals(5, openAi.received.size(), "the recording run reached the provider");
        assertEquals(2, anthropic.received.size());
        assertEquals("gpt-4o-mini", body(openAi.received.get(0)).get("model").asText());

        // what the candidates saw while recording
        assertEquals(List.of("hello", "Hello", "hi there", "||Hello|||", "answer 1", "answer 2"),
                recorded.answers().subList(0, 6));
        assertTrue(recorded.answers().get(6).startsWith("502 ") && recorded.answers().get(6)
                .contains("could not be reached"), recorded.answers().get(6));
        assertEquals(200, recorded.rawStatus());
        assertTrue(recorded.rawType().startsWith("text/event-stream"), recorded.rawType());
        assertEquals(openAiChunk("Hel") + openAiChunk("lo") + OPENAI_STREAM_END, recorded.rawBody());
        RunUsage firstRun = recorded.usages().get(0);
        assertEquals(0, firstRun.failedCalls(), firstRun.errors().toString());
        assertTrue(firstRun.costUsd() > 0);
        assertEquals(1, recorded.usages().get(1).failedCalls());

        // the upstream is gone, and the replay has no key to use
        openAi.close();
        anthropic.close();
        Seen replayed;
        try (MeteringGateway gateway = MeteringGateway.start(providers, prices, name -> null, settings(),
                GatewayRecording.replay(file))) {
            replayed = session(gateway, "s-replay");

            assertEquals(recorded.answers(), replayed.answers());
            assertEquals(recorded.rawStatus(), replayed.rawStatus());
            assertTrue(replayed.rawType().startsWith("text/event-stream"), replayed.rawType());
            assertEquals(recorded.rawBody(), replayed.rawBody(), "the recorded stream bytes");
            for (int i = 0; i < recorded.usages().size(); i++) {
                assertSameSpend(recorded.usages().get(i), replayed.usages().get(i));
            }
            assertEquals("s-replay", replayed.usages().get(0).scope().sessionId());

            // identical requests were answered in recorded order; once used up, the last answer again
            RunGrant more = open(gateway, "s-replay", "n2", "c1", Map.of());
            OpenAIClient client = openAiClient(more);
            try {
                assertEquals("answer 2", client.chat().completions().create(chat("gpt-4o-mini").toBuilder()
                        .messages(List.of()).addUserMessage("Say it again").build()).choices().get(0).message()
                        .content().orElseThrow());
            } finally {
                client.close();
            }
            assertEquals(new io.alp.engine.port.LlmClient.Usage(20, 2, 0, 0), closeAfter(gateway, more, 1).usage());

            // a request the recording never saw: new content, or the same content from another case
            RunGrant unseen = open(gateway, "s-replay", "n1", "c1", Map.of());
            RunGrant otherCase = open(gateway, "s-replay", "n1", "c9", Map.of());
            OpenAIClient unseenClient = openAiClient(unseen);
            OpenAIClient otherClient = openAiClient(otherCase);
            AnthropicClient unseenAnthropic = anthropicClient(unseen);
            try {
                OpenAIServiceException e = assertThrows(OpenAIServiceException.class,
                        () -> unseenClient.chat().completions().create(chat("gpt-4o-mini").toBuilder()
                                .messages(List.of()).addUserMessage("Something new").build()));
                assertEquals(502, e.statusCode());
                assertTrue(e.getMessage().contains("case 'c1'"), e.getMessage());
                assertTrue(e.getMessage().contains("the re-run asked something the recording never saw"),
                        e.getMessage());
                OpenAIServiceException other = assertThrows(OpenAIServiceException.class,
                        () -> otherClient.chat().completions().create(chat("gpt-4o-mini")));
                assertEquals(502, other.statusCode());
                assertTrue(other.getMessage().contains("case 'c9'"), other.getMessage());
                AnthropicServiceException a = assertThrows(AnthropicServiceException.class,
                        () -> unseenAnthropic.messages().create(message("claude-haiku-4-5").toBuilder()
                                .maxTokens(65).build()));
                assertEquals(502, a.statusCode());
                assertTrue(a.getMessage().contains("never saw"), a.getMessage());
                assertTrue(a.getMessage().contains("api_error"), "Anthropic's error shape: " + a.getMessage());
            } finally {
                unseenClient.close();
                otherClient.close();
                unseenAnthropic.close();
            }
            RunUsage missed = gateway.close(unseen.token());
            assertEquals(2, missed.calls(), "no retries of an unrecorded request: " + missed);
            assertEquals(2, missed.failedCalls());
            assertEquals(0.0, missed.costUsd());
            assertTrue(missed.errors().get(0).contains("never saw"), missed.errors().toString());
            assertEquals(1, gateway.close(otherCase.token()).failedCalls());
        }

        // the recording: one line per forwarded call, keyed by case, node and the rewritten body; no secrets
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertFalse(text.contains(OPENAI_KEY), "provider key in the recording");
        assertFalse(text.contains(ANTHROPIC_KEY), "provider key in the recording");
        for (String token : tokens) {
            assertFalse(text.contains(token), "a run token in the recording");
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(8, lines.size(), "5 calls of the first run, 3 of the second");
        JsonNode mapped = JSON.readTree(lines.get(0));
        assertEquals("c1", mapped.get("caseId").asText());
        assertEquals("n1", mapped.get("nodeId").asText());
        assertEquals("OPENAI", mapped.get("protocol").asText());
        assertEquals(200, mapped.get("status").asInt());
        assertTrue(mapped.get("contentType").asText().startsWith("application/json"), mapped.toString());
        assertTrue(mapped.get("body").asText().contains("\"hello\""), mapped.toString());
        String request = mapped.get("request").asText();
        assertEquals("gpt-4o-mini", JSON.readTree(request).get("model").asText(), "the rewritten model");
        // keyed by the request as the candidate made it: without the output bound the gateway added
        com.fasterxml.jackson.databind.node.ObjectNode asSent =
                (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(request);
        assertTrue(asSent.remove("max_completion_tokens").asLong() > 0, request);
        assertEquals("c1/n1/" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(JSON.writeValueAsBytes(asSent))), mapped.get("key").asText());
        assertEquals(body(openAi.received.get(0)).toString(), JSON.readTree(request).toString(),
                "what the provider was sent");
        JsonNode stream = JSON.readTree(lines.get(1));
        assertTrue(stream.get("stream").asBoolean());
        assertTrue(stream.get("contentType").asText().startsWith("text/event-stream"), stream.toString());
        assertTrue(stream.get("body").asText().endsWith("data: [DONE]\n\n"), stream.toString());
        assertTrue(JSON.readTree(stream.get("request").asText()).at("/stream_options/include_usage").asBoolean());
        JsonNode failed = JSON.readTree(lines.get(7));
        assertEquals("UPSTREAM_FAILED", failed.get("failure").asText(), failed.toString());
        assertEquals(0, failed.get("status").asInt());
        assertTrue(failed.get("error").asText().contains("unreachable"), failed.toString());
    }

    @Test
    void replayNeedsNoKeyButRecordingStillDoes() {
        Path file = dir.resolve("none.jsonl");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MeteringGateway.start(
                providers, prices, name -> null, settings(), GatewayRecording.record(file)));
        assertTrue(e.getMessage().contains("TEST_OPENAI_KEY"), e.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> MeteringGateway.start(
                providers, prices, name -> null, settings(), GatewayRecording.replay(dir.resolve("absent.jsonl"))));
        assertTrue(missing.getMessage().contains("absent.jsonl"), missing.getMessage());
    }

    @Test
    void concurrentCallsAreEachRecordedOnAWholeLine() throws Exception {
        Path file = dir.resolve("concurrent.jsonl");
        openAi.answer(r -> new MockResponse.Builder(Upstream.json(200, openAiCompletion("gpt-4o-mini",
                "x".repeat(20_000), 1, 1, 0))).headersDelay(50, TimeUnit.MILLISECONDS).build());
        try (MeteringGateway gateway = MeteringGateway.start(providers, prices, ENV::get, settings(),
                GatewayRecording.record(file))) {
            List<CompletableFuture<String>> calls = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                int n = i;
                RunGrant grant = open(gateway, "s", "n" + (i % 3), "c" + i, Map.of());
                calls.add(CompletableFuture.supplyAsync(() -> {
                    OpenAIClient client = openAiClient(grant);
                    try {
                        ChatCompletionCreateParams params = chat("gpt-4o-mini").toBuilder().messages(List.of())
                                .addUserMessage("call " + n).build();
                        return client.chat().completions().create(params).choices().get(0).message().content()
                                .orElseThrow();
                    } finally {
                        client.close();
                    }
                }));
            }
            for (CompletableFuture<String> call : calls) {
                assertEquals(20_000, call.get(20, TimeUnit.SECONDS).length());
            }
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(12, lines.size());
        java.util.Set<String> cases = new java.util.HashSet<>();
        for (String line : lines) {
            JsonNode exchange = JSON.readTree(line);
            assertNotNull(exchange.get("key"));
            assertTrue(exchange.get("key").asText().startsWith(exchange.get("caseId").asText() + "/"
                    + exchange.get("nodeId").asText() + "/"));
            cases.add(exchange.get("caseId").asText());
        }
        assertEquals(12, cases.size());
    }

    @Test
    void whileRecordingAStreamStillFlowsAndABrokenOneReplaysBroken() throws Exception {
        Path file = dir.resolve("streams.jsonl");
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean upstreamFinished = new java.util.concurrent.atomic.AtomicBoolean();
        openAi.answer(r -> Upstream.sseHeld(openAiChunk("first"), openAiChunk(" second") + OPENAI_STREAM_END,
                release, upstreamFinished));
        // trickled, so the gateway has passed on the head of the stream before the upstream drops it
        anthropic.answer(r -> new MockResponse.Builder(Upstream.sseDropped(ANTHROPIC_STREAM_START
                + ANTHROPIC_STREAM_REST.repeat(3))).throttleBody(256, 20, TimeUnit.MILLISECONDS).build());
        RunUsage recordedHeld;
        RunUsage recordedDropped;
        try (MeteringGateway gateway = MeteringGateway.start(providers, prices, ENV::get, settings(),
                GatewayRecording.record(file))) {
            RunGrant held = open(gateway, "s", "n1", "c1", Map.of());
            OpenAIClient client = openAiClient(held);
            List<String> parts = new ArrayList<>();
            try (var stream = client.chat().completions().createStreaming(chat("gpt-4o-mini"))) {
                var chunks = stream.stream().iterator();
                assertTrue(chunks.hasNext());
                parts.add(chunks.next().choices().get(0).delta().content().orElseThrow());
                assertFalse(upstreamFinished.get(), "the first chunk waited for the whole stream");
                release.countDown();
                chunks.forEachRemaining(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(parts::add)));
            } finally {
                release.countDown();
                client.close();
            }
            assertEquals(List.of("first", " second"), parts);
            recordedHeld = closeAfter(gateway, held, 1);

            RunGrant dropped = open(gateway, "s", "n2", "c1", Map.of());
            recordedDropped = dropAnthropicStream(gateway, dropped);
        }
        assertEquals(0, recordedHeld.failedCalls(), recordedHeld.errors().toString());
        assertEquals(1, recordedDropped.failedCalls());
        assertTrue(recordedDropped.errors().get(0).contains("broke off"), recordedDropped.errors().toString());
        assertEquals(2, Files.readAllLines(file).size());
        assertTrue(Files.readString(file).contains("STREAM_BROKE_OFF"));

        openAi.close();
        anthropic.close();
        try (MeteringGateway gateway = MeteringGateway.start(providers, prices, name -> null, settings(),
                GatewayRecording.replay(file))) {
            RunGrant held = open(gateway, "s2", "n1", "c1", Map.of());
            OpenAIClient client = openAiClient(held);
            StringBuilder text = new StringBuilder();
            try (var stream = client.chat().completions().createStreaming(chat("gpt-4o-mini"))) {
                stream.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
            } finally {
                client.close();
            }
            assertEquals("first second", text.toString());
            assertSameSpend(recordedHeld, closeAfter(gateway, held, 1));

            RunGrant dropped = open(gateway, "s2", "n2", "c1", Map.of());
            assertSameSpend(recordedDropped, dropAnthropicStream(gateway, dropped));
        }
    }

    /** An Anthropic stream the candidate sees break off. */
    RunUsage dropAnthropicStream(MeteringGateway gateway, RunGrant grant) throws Exception {
        AnthropicClient client = anthropicClient(grant);
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(
                message("claude-haiku-4-5"))) {
            assertThrows(RuntimeException.class, () -> stream.stream().count());
        } finally {
            client.close();
        }
        return closeAfter(gateway, grant, 1);
    }
}
