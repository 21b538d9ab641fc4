package io.alp.evaluator.llm;

import io.alp.engine.port.LlmCallException;
import io.alp.engine.port.LlmClient;
import io.alp.evaluator.testkit.ScriptedLlmServer;
import io.alp.evaluator.testkit.ScriptedLlmServer.Reply;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.alp.evaluator.llm.OpenAiLlmClientTest.FAST;
import static io.alp.evaluator.llm.OpenAiLlmClientTest.await;
import static io.alp.evaluator.llm.OpenAiLlmClientTest.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnthropicLlmClientTest {

    static final String KEY = "sk-ant-api03-test-key-abcdef";

    static ProviderSpec spec(ScriptedLlmServer server, ProviderLimits limits, Duration timeout, int retries) {
        return new ProviderSpec("anthropic", Protocol.ANTHROPIC, server.anthropicBaseUrl(), "ANTHROPIC_API_KEY",
                limits, timeout, retries);
    }

    static AnthropicLlmClient client(ProviderSpec spec) {
        return new AnthropicLlmClient(spec, name -> "ANTHROPIC_API_KEY".equals(name) ? KEY : null, FAST);
    }

    static LlmClient.Request request(String user) {
        return new LlmClient.Request("anthropic/claude-sonnet-4-5", "You review code.",
                List.of(LlmClient.Message.user(user), LlmClient.Message.assistant("Sure."),
                        LlmClient.Message.user("Go on")), 256, 0.0, "review/1");
    }

    @Test
    void roundTripSendsSystemParamBareModelAndKey() throws Exception {
        try (var server = ScriptedLlmServer.start(call -> Reply.text("looks fine", 500, 40, 0));
             var client = client(spec(server, null, Duration.ofSeconds(5), 0))) {
            LlmClient.Response response = await(client, request("Review this"));

            assertEquals("looks fine", response.text());
            assertEquals("anthropic/claude-sonnet-4-5", response.model());
            assertEquals(new LlmClient.Usage(500, 40, 0, 0), response.usage());
            ScriptedLlmServer.Call call = server.calls().get(0);
            assertEquals(Protocol.ANTHROPIC, call.protocol());
            assertEquals("claude-sonnet-4-5", call.model());
            assertEquals("You review code.", call.system());
            assertEquals("You review code.", call.json().path("system").asText());
            assertEquals(List.of(new ScriptedLlmServer.Message("user", "Review this"),
                    new ScriptedLlmServer.Message("assistant", "Sure."),
                    new ScriptedLlmServer.Message("user", "Go on")), call.messages());
            assertEquals(KEY, call.header("x-api-key"), call.headers().toString());
            assertNotNull(call.header("anthropic-version"));
            assertTrue(call.header("authorization") == null || !call.header("authorization").contains(KEY),
                    "the key went out twice: " + call.header("authorization"));
            assertEquals(256, call.json().path("max_tokens").asInt());
            assertEquals(0.0, call.json().path("temperature").asDouble(-1), 1e-9);
        }
    }

    @Test
    void cacheCountsAreAddedToInputTokens() throws Exception {
        String body = "{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"text\",\"text\":\"b\"}],"
                + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":100,"
                + "\"cache_creation_input_tokens\":50,\"cache_read_input_tokens\":1000,\"output_tokens\":20}}";
        try (var server = ScriptedLlmServer.start(call -> Reply.status(200, Map.of(), body));
             var client = client(spec(server, null, Duration.ofSeconds(5), 0))) {
            LlmClient.Response response = await(client, request("hi"));
            assertEquals(new LlmClient.Usage(1150, 20, 1000, 50), response.usage());
            assertEquals("ab", response.text());
            assertEquals("anthropic/claude-sonnet-4-5-20250929", response.model());
        }
    }

    @Test
    void scriptedNormalizedUsageSurvivesTheAnthropicWire() throws Exception {
        try (var server = ScriptedLlmServer.start(call -> Reply.text("x", 2000, 10, 1500, 300));
             var client = client(spec(server, null, Duration.ofSeconds(5), 0))) {
            assertEquals(new LlmClient.Usage(2000, 10, 1500, 300), await(client, request("hi")).usage());
        }
    }

    @Test
    void overloadAndRateLimitsAreRetried() throws Exception {
        AtomicInteger n = new AtomicInteger();
        try (var server = ScriptedLlmServer.start(call -> switch (n.incrementAndGet()) {
            case 1 -> Reply.error(529, "Overloaded");
            case 2 -> Reply.rateLimited(1);
            default -> Reply.text("done");
        });
             var client = client(spec(server, null, Duration.ofSeconds(5), 3))) {
            long start = System.nanoTime();
            assertEquals("done", await(client, request("hi")).text());
            assertTrue((System.nanoTime() - start) / 1_000_000 >= 950);
            assertEquals(3, server.calls().size());
        }
    }

    @Test
    void authenticationErrorIsNotRetriedAndHidesTheKey() {
        try (var server = ScriptedLlmServer.start(call -> Reply.error(401, "invalid x-api-key " + KEY));
             var client = client(spec(server, null, Duration.ofSeconds(5), 3))) {
            LlmCallException e = failure(client, request("hi"));
            assertFalse(e.retryable());
            assertEquals(1, server.calls().size());
            assertTrue(e.getMessage().contains("invalid x-api-key"), e.getMessage());
            assertTrue(e.getMessage().contains("anthropic"), e.getMessage());
            assertFalse(e.getMessage().contains(KEY), e.getMessage());
        }
    }

    @Test
    void exhaustedRetriesAreRetryable() {
        try (var server = ScriptedLlmServer.start(call -> Reply.error(500, "Internal server error"));
             var client = client(spec(server, null, Duration.ofSeconds(5), 1))) {
            LlmCallException e = failure(client, request("hi"));
            assertTrue(e.retryable());
            assertEquals(2, server.calls().size());
            assertTrue(e.getMessage().contains("claude-sonnet-4-5") && e.getMessage().contains("500"),
                    e.getMessage());
        }
    }

    @Test
    void droppedAndSlowRepliesAreRetried() throws Exception {
        AtomicInteger n = new AtomicInteger();
        try (var server = ScriptedLlmServer.start(call -> switch (n.incrementAndGet()) {
            case 1 -> Reply.drop();
            case 2 -> Reply.delayed(Duration.ofSeconds(3), Reply.text("late"));
            default -> Reply.text("ok");
        });
             var client = client(spec(server, null, Duration.ofMillis(400), 2))) {
            assertEquals("ok", await(client, request("hi")).text());
            assertEquals(3, server.calls().size());
        }
    }

    @Test
    void concurrencyCapHolds() throws Exception {
        try (var server = ScriptedLlmServer.start(call -> Reply.delayed(Duration.ofMillis(120), Reply.text("ok")));
             var client = client(spec(server, new ProviderLimits(0, 0, 2), Duration.ofSeconds(5), 0))) {
            List<CompletableFuture<LlmClient.Response>> all = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                all.add(client.complete(request("c" + i)).toCompletableFuture());
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
            assertEquals(2, server.maxConcurrentRequests());
        }
    }

    @Test
    void wrongProtocolIsRefused() {
        try (var server = ScriptedLlmServer.start(call -> Reply.text("x"))) {
            ProviderSpec openai = new ProviderSpec("openai", Protocol.OPENAI, server.openAiBaseUrl(), null, null,
                    null, 0);
            assertThrows(IllegalArgumentException.class, () -> new AnthropicLlmClient(openai, n -> null));
        }
    }
}
