package io.alp.evaluator.gateway;

import io.alp.evaluator.testkit.TestPrices;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.typesafe.config.ConfigFactory;
import io.alp.engine.port.LlmClient.Usage;
import io.alp.evaluator.llm.Protocol;
import io.alp.evaluator.llm.ProviderSpec;
import mockwebserver3.RecordedRequest;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MeteringGatewayTest {

    static final String OPENAI_KEY = "sk-real-openai-k3y-0123456789abcdef";
    static final String ANTHROPIC_KEY = "sk-ant-real-k3y-fedcba9876543210";
    static final ObjectMapper JSON = new ObjectMapper();
    static final double EPS = 1e-12;

    ActorSystem system;
    Upstream openAi;
    Upstream anthropic;
    MeteringGateway gateway;
    ListAppender<ILoggingEvent> logs;
    Level rootLevel;
    final List<String> tokens = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        ch.qos.logback.classic.Logger root =
                (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        rootLevel = root.getLevel();
        root.setLevel(Level.DEBUG);
        gatewayLogger().setLevel(Level.DEBUG);

        system = ActorSystem.create("gateway-test", ConfigFactory.parseString("""
                pekko.loglevel = DEBUG
                pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
                pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
                pekko.actor.provider = local
                """).withFallback(ConfigFactory.load()));
        openAi = new Upstream();
        anthropic = new Upstream();
        List<ProviderSpec> providers = List.of(
                new ProviderSpec("openai", Protocol.OPENAI, openAi.url("/v1"), "TEST_OPENAI_KEY", null,
                        Duration.ofSeconds(10), 0),
                new ProviderSpec("anthropic", Protocol.ANTHROPIC, anthropic.url("/"), "TEST_ANTHROPIC_KEY", null,
                        Duration.ofSeconds(10), 0));
        TestPrices prices = new TestPrices()
                .with("openai/gpt-4o-mini", 0.15, 0.60, 0.075, 0)
                .with("openai/gpt-4o", 2.5, 10, 1.25, 0)
                .with("openai/gpt-pricey", 1000, 1000, 1000, 0)
                .with("anthropic/claude-haiku-4-5", 1, 5, 0.1, 1.25);
        Map<String, String> env = Map.of("TEST_OPENAI_KEY", OPENAI_KEY, "TEST_ANTHROPIC_KEY", ANTHROPIC_KEY);
        gateway = MeteringGateway.start(system, 0, providers, prices, env::get,
                new GatewaySettings(20, 0.50, Duration.ofSeconds(10), 1 << 20));
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (gateway != null) {
                gateway.close();
            }
            openAi.close();
            anthropic.close();
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
            ch.qos.logback.classic.Logger root =
                    (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            root.detachAppender(logs);
            root.setLevel(rootLevel);
            gatewayLogger().setLevel(null);
        }
    }

    static ch.qos.logback.classic.Logger gatewayLogger() {
        return (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(MeteringGateway.class.getPackageName());
    }

    // --- fixtures ---------------------------------------------------------------------------------------------

    RunGrant open(String node, String caseId, Map<String, String> modelMap) {
        RunGrant grant = gateway.open(new RunScope("s1", node, caseId, modelMap, null, null));
        tokens.add(grant.token());
        return grant;
    }

    static OpenAIClient openAiClient(RunGrant grant) {
        return OpenAIOkHttpClient.builder().baseUrl(grant.openAiBaseUrl()).apiKey(grant.token()).maxRetries(0)
                .timeout(Duration.ofSeconds(10)).build();
    }

    static AnthropicClient anthropicClient(RunGrant grant) {
        return AnthropicOkHttpClient.builder().baseUrl(grant.anthropicBaseUrl()).apiKey(grant.token()).maxRetries(0)
                .timeout(Duration.ofSeconds(10)).build();
    }

    static ChatCompletionCreateParams chat(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Say hello").build();
    }

    static MessageCreateParams message(String model) {
        return MessageCreateParams.builder().model(model).maxTokens(64).addUserMessage("Say hello").build();
    }

    static String openAiCompletion(String model, String text, long prompt, long completion, long cached) {
        return """
                {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"%s",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"%s"},"finish_reason":"stop",
                 "logprobs":null}],
                 "usage":{"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d,
                 "prompt_tokens_details":{"cached_tokens":%d}}}
                """.formatted(model, text, prompt, completion, prompt + completion, cached);
    }

    static String openAiChunk(String content) {
        return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + content + "\"},\"finish_reason\":null}]}\n\n";
    }

    static final String OPENAI_STREAM_END = "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
            + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
            + "\"choices\":[],\"usage\":{\"prompt_tokens\":50,\"completion_tokens\":7,\"total_tokens\":57}}\n\n"
            + "data: [DONE]\n\n";

    static final String ANTHROPIC_MESSAGE = """
            {"id":"msg_1","type":"message","role":"assistant","model":"claude-haiku-4-5",
             "content":[{"type":"text","text":"hi there"}],"stop_reason":"end_turn","stop_sequence":null,
             "usage":{"input_tokens":100,"output_tokens":30,"cache_read_input_tokens":500,
             "cache_creation_input_tokens":200}}
            """;

    static final String ANTHROPIC_STREAM_START = """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-haiku-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":120,"output_tokens":1,"cache_read_input_tokens":40,"cache_creation_input_tokens":0}}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}

            """;

    static final String ANTHROPIC_STREAM_REST = """
            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"lo"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":0}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":42}}

            event: message_stop
            data: {"type":"message_stop"}

            """;

    /** Attribution of a stream happens when it ends, just after the client read its last byte. */
    RunUsage awaitCalls(String token, int calls) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        RunUsage usage = gateway.usage(token);
        while (usage.calls() < calls && System.nanoTime() < deadline) {
            Thread.sleep(20);
            usage = gateway.usage(token);
        }
        assertEquals(calls, usage.calls(), "calls attributed: " + usage);
        return usage;
    }

    static JsonNode body(RecordedRequest request) throws Exception {
        return JSON.readTree(request.getBody().utf8());
    }

    static void assertNoToken(RecordedRequest request, String token) {
        assertFalse(request.getBody().utf8().contains(token), "token in the forwarded body");
        for (kotlin.Pair<? extends String, ? extends String> header : request.getHeaders()) {
            assertFalse(header.getSecond().contains(token), "token in forwarded header " + header.getFirst());
        }
    }

    // --- OpenAI -----------------------------------------------------------------------------------------------

    @Test
    void openAiCallIsForwardedWithTheRealKeyAndAttributed() throws Exception {
        openAi.answer(r -> Upstream.json(200, openAiCompletion("gpt-4o-mini", "hello", 1000, 200, 400)));
        RunGrant grant = open("n1", "c1", Map.of());
        OpenAIClient client = openAiClient(grant);
        try {
            ChatCompletion completion = client.chat().completions().create(chat("gpt-4o-mini"));
            assertEquals("hello", completion.choices().get(0).message().content().orElseThrow());
        } finally {
            client.close();
        }

        assertEquals(1, openAi.received.size());
        RecordedRequest forwarded = openAi.received.get(0);
        assertEquals("/v1/chat/completions", forwarded.getUrl().encodedPath());
        assertEquals("Bearer " + OPENAI_KEY, forwarded.getHeaders().get("Authorization"));
        assertEquals("gpt-4o-mini", body(forwarded).get("model").asText());
        assertEquals("Say hello", body(forwarded).at("/messages/0/content").asText());
        assertNoToken(forwarded, grant.token());

        RunUsage usage = gateway.close(grant.token());
        assertEquals(1, usage.calls());
        assertEquals(0, usage.failedCalls());
        assertEquals(new Usage(1000, 200, 400, 0), usage.usage());
        double expected = (600 * 0.15 + 400 * 0.075 + 200 * 0.60) / 1e6;
        assertEquals(expected, usage.costUsd(), EPS);
        assertEquals(new RunUsage.ModelUsage(1, new Usage(1000, 200, 400, 0), expected),
                usage.byModel().get("openai/gpt-4o-mini"));
        assertEquals(new RunScope("s1", "n1", "c1", Map.of(), null, null), usage.scope());
        assertFalse(usage.open());
        assertEquals(expected, gateway.ledger().totals("s1", "n1").costUsd(), EPS);
    }

    @Test
    void openAiStreamPassesThroughAndCountsTheFinalUsageChunk() throws Exception {
        openAi.answer(r -> Upstream.sse(openAiChunk("Hel") + openAiChunk("lo") + OPENAI_STREAM_END));
        RunGrant grant = open("n2", "c1", Map.of());
        StringBuilder text = new StringBuilder();
        OpenAIClient client = openAiClient(grant);
        try (var stream = client.chat().completions().createStreaming(chat("openai/gpt-4o-mini"))) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(
                    choice -> choice.delta().content().ifPresent(text::append)));
        } finally {
            client.close();
        }
        assertEquals("Hello", text.toString());

        JsonNode forwarded = body(openAi.received.get(0));
        assertEquals("gpt-4o-mini", forwarded.get("model").asText(), "provider prefix stripped");
        assertTrue(forwarded.get("stream").asBoolean());
        assertTrue(forwarded.at("/stream_options/include_usage").asBoolean(), "usage requested from upstream");

        RunUsage usage = awaitCalls(grant.token(), 1);
        assertEquals(new Usage(50, 7, 0, 0), usage.usage());
        assertEquals((50 * 0.15 + 7 * 0.60) / 1e6, usage.costUsd(), EPS);
        assertTrue(usage.errors().isEmpty(), usage.errors().toString());
    }

    @Test
    void streamReachesTheCandidateBeforeTheUpstreamHasFinished() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean upstreamFinished = new AtomicBoolean();
        openAi.answer(r -> Upstream.sseHeld(openAiChunk("first"), openAiChunk(" second") + OPENAI_STREAM_END,
                release, upstreamFinished));
        RunGrant grant = open("n3", "c1", Map.of());
        OpenAIClient client = openAiClient(grant);
        List<String> parts = new ArrayList<>();
        try (var stream = client.chat().completions().createStreaming(chat("gpt-4o-mini"))) {
            Iterator<ChatCompletionChunk> chunks = stream.stream().iterator();
            assertTrue(chunks.hasNext());
            ChatCompletionChunk first = chunks.next();
            assertFalse(upstreamFinished.get(), "the first chunk arrived only after the upstream finished");
            parts.add(first.choices().get(0).delta().content().orElseThrow());
            release.countDown();
            chunks.forEachRemaining(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(parts::add)));
        } finally {
            release.countDown();
            client.close();
        }
        assertEquals(List.of("first", " second"), parts);
        assertEquals(new Usage(50, 7, 0, 0), awaitCalls(grant.token(), 1).usage());
    }

    // --- Anthropic --------------------------------------------------------------------------------------------

    @Test
    void anthropicCallIsForwardedWithTheRealKeyAndCacheCountsAddedIn() throws Exception {
        anthropic.answer(r -> Upstream.json(200, ANTHROPIC_MESSAGE));
        RunGrant grant = open("n4", "c2", Map.of());
        AnthropicClient client = anthropicClient(grant);
        try {
            Message reply = client.messages().create(message("claude-haiku-4-5"));
            assertEquals("hi there", reply.content().get(0).text().orElseThrow().text());
        } finally {
            client.close();
        }

        RecordedRequest forwarded = anthropic.received.get(0);
        assertEquals("/v1/messages", forwarded.getUrl().encodedPath());
        assertEquals(ANTHROPIC_KEY, forwarded.getHeaders().get("x-api-key"));
        assertNull(forwarded.getHeaders().get("Authorization"));
        assertTrue(forwarded.getHeaders().get("anthropic-version") != null);
        assertEquals("claude-haiku-4-5", body(forwarded).get("model").asText());
        assertEquals(64, body(forwarded).get("max_tokens").asInt());
        assertNoToken(forwarded, grant.token());

        RunUsage usage = gateway.close(grant.token());
        assertEquals(new Usage(800, 30, 500, 200), usage.usage());
        assertEquals((100 * 1 + 500 * 0.1 + 200 * 1.25 + 30 * 5) / 1e6, usage.costUsd(), EPS);
        assertEquals("c2", usage.scope().caseId());
    }

    @Test
    void anthropicStreamCountsMessageStartAndDelta() throws Exception {
        anthropic.answer(r -> Upstream.sse(ANTHROPIC_STREAM_START + ANTHROPIC_STREAM_REST));
        RunGrant grant = open("n5", "c1", Map.of());
        AnthropicClient client = anthropicClient(grant);
        long events;
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(
                message("anthropic/claude-haiku-4-5"))) {
            events = stream.stream().count();
        } finally {
            client.close();
        }
        assertEquals(7, events);
        assertEquals("claude-haiku-4-5", body(anthropic.received.get(0)).get("model").asText());
        assertTrue(body(anthropic.received.get(0)).get("stream").asBoolean());

        RunUsage usage = awaitCalls(grant.token(), 1);
        assertEquals(new Usage(160, 42, 40, 0), usage.usage());
        assertEquals((120 * 1 + 40 * 0.1 + 42 * 5) / 1e6, usage.costUsd(), EPS);
    }

    @Test
    void anUpstreamDropMidStreamIsAnErrorWithThePartialUsage() throws Exception {
        anthropic.answer(r -> Upstream.sseDropped(ANTHROPIC_STREAM_START
                + ANTHROPIC_STREAM_REST.repeat(3)));
        RunGrant grant = open("n6", "c1", Map.of());
        AnthropicClient client = anthropicClient(grant);
        try {
            // the break reaches the candidate mid-stream, or, when the upstream drops before the gateway has sent
            // the response head on, as a reset of the request itself: an error either way
            assertThrows(RuntimeException.class, () -> {
                try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(
                        message("claude-haiku-4-5"))) {
                    stream.stream().count();
                }
            });
        } finally {
            client.close();
        }
        RunUsage usage = awaitCalls(grant.token(), 1);
        assertEquals(1, usage.failedCalls());
        assertEquals(new Usage(160, 1, 40, 0), usage.usage(), "what message_start reported");
        assertEquals((120 * 1 + 40 * 0.1 + 1 * 5) / 1e6, usage.costUsd(), EPS);
        assertTrue(usage.errors().get(0).contains("broke off"), usage.errors().toString());
    }

    // --- routing ----------------------------------------------------------------------------------------------

    @Test
    void eachRunMapsTheSameModelNameToItsOwnUpstreamModel() throws Exception {
        openAi.answer(r -> {
            String model;
            try {
                model = body(r).get("model").asText();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return new mockwebserver3.MockResponse.Builder(
                    Upstream.json(200, openAiCompletion(model, "from " + model, 10, 5, 0)))
                    .headersDelay(300, TimeUnit.MILLISECONDS).build();
        });
        RunGrant cheap = open("n7", "c1", Map.of("gpt-4o", "openai/gpt-4o-mini"));
        RunGrant full = open("n8", "c1", Map.of("gpt-4o", "gpt-4o"));
        Function<RunGrant, CompletableFuture<String>> ask = grant -> CompletableFuture.supplyAsync(() -> {
            OpenAIClient client = openAiClient(grant);
            try {
                return client.chat().completions().create(chat("gpt-4o")).choices().get(0).message().content()
                        .orElseThrow();
            } finally {
                client.close();
            }
        });
        CompletableFuture<String> a = ask.apply(cheap);
        CompletableFuture<String> b = ask.apply(full);
        assertEquals("from gpt-4o-mini", a.get(10, TimeUnit.SECONDS));
        assertEquals("from gpt-4o", b.get(10, TimeUnit.SECONDS));
        assertEquals(2, openAi.received.size());
        assertEquals(Map.of("openai/gpt-4o-mini", new RunUsage.ModelUsage(1, new Usage(10, 5, 0, 0),
                (10 * 0.15 + 5 * 0.60) / 1e6)), gateway.usage(cheap.token()).byModel());
        assertEquals(Map.of("openai/gpt-4o", new RunUsage.ModelUsage(1, new Usage(10, 5, 0, 0),
                (10 * 2.5 + 5 * 10) / 1e6)), gateway.usage(full.token()).byModel());
    }

    @Test
    void aModelMappedAcrossProtocolsIsRefused() {
        openAi.answer(r -> Upstream.json(200, openAiCompletion("x", "x", 1, 1, 0)));
        anthropic.answer(r -> Upstream.json(200, ANTHROPIC_MESSAGE));
        RunGrant grant = open("n9", "c1", Map.of("gpt-4o", "anthropic/claude-haiku-4-5"));
        OpenAIClient client = openAiClient(grant);
        try {
            OpenAIServiceException e = assertThrows(OpenAIServiceException.class,
                    () -> client.chat().completions().create(chat("gpt-4o")));
            assertEquals(400, e.statusCode());
            assertTrue(e.getMessage().contains("ANTHROPIC"), e.getMessage());
        } finally {
            client.close();
        }
        assertEquals(0, openAi.received.size());
        assertEquals(0, anthropic.received.size());
        assertEquals(1, gateway.usage(grant.token()).rejected());
    }

    // --- refusals ---------------------------------------------------------------------------------------------

    @Test
    void anUnknownOrClosedTokenIs401AndNothingIsForwarded() {
        openAi.answer(r -> Upstream.json(200, openAiCompletion("gpt-4o-mini", "x", 1, 1, 0)));
        anthropic.answer(r -> Upstream.json(200, ANTHROPIC_MESSAGE));
        OpenAIClient stranger = OpenAIOkHttpClient.builder().baseUrl(gateway.openAiBaseUrl())
                .apiKey("alp-run-guessed").maxRetries(0).build();
        try {
            OpenAIServiceException e = assertThrows(OpenAIServiceException.class,
                    () -> stranger.chat().completions().create(chat("gpt-4o-mini")));
            assertEquals(401, e.statusCode());
        } finally {
            stranger.close();
        }
        RunGrant closed = open("n10", "c1", Map.of());
        gateway.close(closed.token());
        AnthropicClient late = anthropicClient(closed);
        try {
            AnthropicServiceException e = assertThrows(AnthropicServiceException.class,
                    () -> late.messages().create(message("claude-haiku-4-5")));
            assertEquals(401, e.statusCode());
            assertTrue(e.getMessage().contains("authentication_error"), e.getMessage());
        } finally {
            late.close();
        }
        assertEquals(0, openAi.received.size());
        assertEquals(0, anthropic.received.size());
    }

    @Test
    void aModelWithoutAPriceIs400AndNotForwarded() {
        openAi.answer(r -> Upstream.json(200, openAiCompletion("gpt-unpriced", "x", 1, 1, 0)));
        RunGrant grant = open("n11", "c1", Map.of());
        OpenAIClient client = openAiClient(grant);
        try {
            OpenAIServiceException e = assertThrows(OpenAIServiceException.class,
                    () -> client.chat().completions().create(chat("gpt-unpriced")));
            assertEquals(400, e.statusCode());
            assertTrue(e.getMessage().contains("openai/gpt-unpriced"), e.getMessage());
        } finally {
            client.close();
        }
        assertEquals(0, openAi.received.size());
        assertEquals(0, gateway.usage(grant.token()).calls());
    }

    @Test
    void aRunNeverSpendsMoreThanItsCapWhateverTheProviderReports() throws Exception {
        // the provider claims 1,000 input tokens ($1.00 at this price) for a run capped at $0.50
        openAi.answer(r -> Upstream.json(200, openAiCompletion("gpt-pricey", "costly", 1000, 0, 0)));
        RunGrant grant = open("n12", "c1", Map.of());
        OpenAIClient client = openAiClient(grant);
        int before = openAi.received.size();
        try {
            client.chat().completions().create(chat("gpt-pricey"));
            OpenAIServiceException e = assertThrows(OpenAIServiceException.class,
                    () -> client.chat().completions().create(chat("gpt-pricey")));
            assertEquals(429, e.statusCode());
            assertTrue(e.getMessage().contains("the run's budget is spent"), e.getMessage());
        } finally {
            client.close();
        }
        assertEquals(before + 1, openAi.received.size());
        JsonNode forwarded = JSON.readTree(openAi.received.get(before).getBody().utf8());
        long bound = forwarded.path("max_completion_tokens").asLong();
        assertTrue(bound > 0 && bound * 1000e-6 <= 0.50, "forwarded with max_completion_tokens " + bound);
        RunUsage usage = gateway.usage(grant.token());
        assertEquals(1, usage.calls());
        assertEquals(1, usage.rejected());
        assertEquals(0.50, usage.costUsd(), 1e-9, "charged up to the cap, not beyond");
        assertTrue(usage.errors().get(0).contains("beyond what the run could still spend"), usage.errors().toString());
    }

    @Test
    void aHugeMaxTokensIsClampedToWhatTheRunCanPay() throws Exception {
        openAi.answer(r -> Upstream.json(200, openAiCompletion("gpt-4o", "fine", 10, 5, 0)));
        RunGrant grant = open("n13", "c1", Map.of());
        int before = openAi.received.size();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(gateway.openAiBaseUrl() + "/chat/completions"))
                .header("Authorization", "Bearer " + grant.token()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"gpt-4o\", \"max_tokens\": 1000000000, "
                        + "\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        JsonNode forwarded = JSON.readTree(openAi.received.get(before).getBody().utf8());
        long bound = forwarded.path("max_tokens").asLong();
        // $0.50 at $10/Mtok of output is 50,000 tokens, less what the input may cost
        assertTrue(bound > 40_000 && bound < 50_000, "forwarded max_tokens " + bound);
    }

    @Test
    void anOversizedBodyIsAnswered413WithTheLimit() throws Exception {
        RunGrant grant = open("n14", "c1", Map.of());
        byte[] body = new byte[50 << 20];
        java.util.Arrays.fill(body, (byte) 'x');
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(gateway.openAiBaseUrl() + "/chat/completions"))
                .header("Authorization", "Bearer " + grant.token()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode(), response.body());
        assertTrue(response.body().contains("limit of " + (1 << 20) + " bytes"), response.body());
    }

    @Test
    void anUpstream429IsPassedThroughWithRetryAfterAndCountedAsAFailedCall() {
        openAi.answer(r -> new mockwebserver3.MockResponse.Builder(Upstream.json(429,
                "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}"))
                .setHeader("Retry-After", "7").build());
        RunGrant grant = open("n13", "c1", Map.of());
        OpenAIClient client = openAiClient(grant);
        try {
            OpenAIServiceException e = assertThrows(OpenAIServiceException.class,
                    () -> client.chat().completions().create(chat("gpt-4o-mini")));
            assertEquals(429, e.statusCode());
            assertEquals(List.of("7"), e.headers().values("Retry-After"));
            assertTrue(e.getMessage().contains("Rate limit reached"), e.getMessage());
        } finally {
            client.close();
        }
        RunUsage usage = gateway.usage(grant.token());
        assertEquals(1, usage.calls());
        assertEquals(1, usage.failedCalls());
        assertEquals(Usage.NONE, usage.usage());
        assertTrue(usage.errors().get(0).contains("HTTP 429"), usage.errors().toString());
    }

    @Test
    void theCandidateNeverSeesTheRealKey() throws Exception {
        RunGrant grant = open("n14", "c1", Map.of());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String request = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        Function<Integer, HttpResponse<String>> send = status -> {
            openAi.answer(r -> new mockwebserver3.MockResponse.Builder(Upstream.json(status,
                    "{\"error\":{\"message\":\"Incorrect API key provided: " + r.getHeaders().get("Authorization")
                            + "\",\"type\":\"invalid_request_error\"}}"))
                    .setHeader("x-echo", r.getHeaders().get("Authorization")).build());
            try {
                return http.send(HttpRequest.newBuilder(URI.create(gateway.openAiBaseUrl() + "/chat/completions"))
                        .header("Authorization", "Bearer " + grant.token())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(request)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        for (int status : List.of(400, 401, 500)) {
            HttpResponse<String> response = send.apply(status);
            assertEquals(1, openAi.received.size(), "forwarded");
            assertFalse(response.body().contains(OPENAI_KEY), "key in body after upstream " + status);
            response.headers().map().forEach((name, values) -> values.forEach(v ->
                    assertFalse(v.contains(OPENAI_KEY), "key in header " + name)));
            if (status == 401) {
                assertEquals(502, response.statusCode(), "the gateway's own credentials failing is its problem");
            } else {
                assertEquals(status, response.statusCode());
            }
        }
        assertFalse(grant.toString().contains(grant.token()));
    }

    @Test
    void anUnreachableUpstreamIs502AndAFailedCall() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (MeteringGateway dead = MeteringGateway.start(system, 0, List.of(new ProviderSpec("gone", Protocol.OPENAI,
                        "http://127.0.0.1:" + closedPort + "/v1", null, null, null, 0)),
                new TestPrices().with("gone/m", 1, 1, 1, 1), name -> null, GatewaySettings.DEFAULTS)) {
            RunGrant grant = dead.open(RunScope.of("s2", "n1", "c1"));
            OpenAIClient client = openAiClient(grant);
            try {
                OpenAIServiceException e = assertThrows(OpenAIServiceException.class,
                        () -> client.chat().completions().create(chat("m")));
                assertEquals(502, e.statusCode());
                assertTrue(e.getMessage().contains("could not be reached"), e.getMessage());
            } finally {
                client.close();
            }
            RunUsage usage = dead.close(grant.token());
            assertEquals(1, usage.calls());
            assertEquals(1, usage.failedCalls());
            assertTrue(usage.errors().get(0).contains("unreachable"), usage.errors().toString());
        }
    }

    @Test
    void anOversizedBodyIs413AndNotForwarded() throws Exception {
        openAi.answer(r -> Upstream.json(200, openAiCompletion("gpt-4o-mini", "x", 1, 1, 0)));
        RunGrant grant = open("n16", "c1", Map.of());
        String request = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + "x".repeat((1 << 20) + 10) + "\"}]}";
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(gateway.openAiBaseUrl() + "/chat/completions"))
                        .header("Authorization", "Bearer " + grant.token()).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(request)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode());
        assertEquals(0, openAi.received.size());
    }

    @Test
    void aMissingKeyVariableIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MeteringGateway.start(
                system, 0, List.of(new ProviderSpec("openai", Protocol.OPENAI, "http://127.0.0.1:1/v1",
                        "NOT_SET_ANYWHERE", null, null, 0)), new TestPrices(), name -> null,
                GatewaySettings.DEFAULTS));
        assertTrue(e.getMessage().contains("NOT_SET_ANYWHERE"), e.getMessage());
    }

    @Test
    void theLedgerSumsRunsPerSessionAndNode() throws Exception {
        openAi.answer(r -> Upstream.json(200, openAiCompletion("gpt-4o-mini", "x", 100, 10, 0)));
        RunGrant first = open("ledger-node", "c1", Map.of());
        RunGrant second = open("ledger-node", "c2", Map.of());
        for (RunGrant grant : List.of(first, second)) {
            OpenAIClient client = openAiClient(grant);
            try {
                client.chat().completions().create(chat("gpt-4o-mini"));
            } finally {
                client.close();
            }
            gateway.close(grant.token());
        }
        GatewayLedger.Totals totals = gateway.ledger().totals("s1", "ledger-node");
        assertEquals(2, totals.runs());
        assertEquals(2, totals.calls());
        assertEquals(new Usage(200, 20, 0, 0), totals.usage());
        assertEquals(2 * (100 * 0.15 + 10 * 0.60) / 1e6, totals.costUsd(), EPS);
        assertTrue(gateway.ledger().session("s1").containsKey(new GatewayLedger.NodeKey("s1", "ledger-node")));
    }

    // --- logs: runs last, over everything the class did ------------------------------------------------------

    @Test
    @Order(Integer.MAX_VALUE)
    void neitherTokensNorKeysAreLogged() throws Exception {
        openAi.answer(r -> Upstream.json(200, openAiCompletion("gpt-4o-mini", "x", 1, 1, 0)));
        RunGrant grant = open("n15", "c1", Map.of());
        OpenAIClient client = openAiClient(grant);
        try {
            client.chat().completions().create(chat("gpt-4o-mini"));
        } finally {
            client.close();
        }
        awaitCalls(grant.token(), 1);
        List<ILoggingEvent> events = List.copyOf(logs.list);
        assertTrue(events.stream().anyMatch(e -> e.getFormattedMessage().contains("opened a run")),
                "gateway debug logs were captured");
        assertTrue(events.size() > 20, "pekko debug logs were captured too: " + events.size());
        List<String> secrets = new ArrayList<>(tokens);
        secrets.add(OPENAI_KEY);
        secrets.add(ANTHROPIC_KEY);
        for (ILoggingEvent event : events) {
            String text = event.getFormattedMessage() + " " + event.getMDCPropertyMap()
                    + (event.getThrowableProxy() == null ? "" : " " + event.getThrowableProxy().getMessage());
            for (String secret : secrets) {
                if (text.contains(secret)) {
                    fail("a secret was logged by " + event.getLoggerName() + ": " + event.getFormattedMessage());
                }
            }
        }
    }
}
