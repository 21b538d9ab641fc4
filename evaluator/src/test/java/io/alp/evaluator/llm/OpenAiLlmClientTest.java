package io.alp.evaluator.llm;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.alp.engine.port.LlmCallException;
import io.alp.engine.port.LlmClient;
import io.alp.evaluator.testkit.ScriptedLlmServer;
import io.alp.evaluator.testkit.ScriptedLlmServer.Reply;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenAiLlmClientTest {

    static final String KEY = "sk-test-0123456789abcdef";
    static final ClientTuning FAST = new ClientTuning(Duration.ofMillis(20), Duration.ofMillis(200),
            Duration.ofSeconds(5), Duration.ofMinutes(1));

    static ProviderSpec spec(ScriptedLlmServer server, ProviderLimits limits, Duration timeout, int retries) {
        return new ProviderSpec("openai", Protocol.OPENAI, server.openAiBaseUrl(), "OPENAI_API_KEY", limits,
                timeout, retries);
    }

    static OpenAiLlmClient client(ProviderSpec spec, ClientTuning tuning) {
        return new OpenAiLlmClient(spec, name -> "OPENAI_API_KEY".equals(name) ? KEY : null, tuning);
    }

    static LlmClient.Request request(String user) {
        return new LlmClient.Request("openai/gpt-4o-mini", "You are terse.",
                List.of(LlmClient.Message.user(user), LlmClient.Message.assistant("ok"),
                        LlmClient.Message.user("again")), 64, 0.2, "t/1");
    }

    static LlmClient.Response await(LlmClient client, LlmClient.Request request) throws Exception {
        return client.complete(request).toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    static LlmCallException failure(LlmClient client, LlmClient.Request request) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> client.complete(request).toCompletableFuture().get(20, TimeUnit.SECONDS));
        return assertInstanceOf(LlmCallException.class, e.getCause());
    }

    @Test
    void roundTripSendsBareModelSystemMessagesAndKeyAndNormalizesUsage() throws Exception {
        try (var server = ScriptedLlmServer.start(call -> Reply.text("hello there", 1200, 7, 1024));
             var client = client(spec(server, null, Duration.ofSeconds(5), 0), FAST)) {
            LlmClient.Response response = await(client, request("hi"));

            assertEquals("hello there", response.text());
            assertEquals("openai/gpt-4o-mini", response.model());
            assertEquals(new LlmClient.Usage(1200, 7, 1024, 0), response.usage());
            ScriptedLlmServer.Call call = server.calls().get(0);
            assertEquals(Protocol.OPENAI, call.protocol());
            assertEquals("gpt-4o-mini", call.model());
            assertEquals("You are terse.", call.system());
            assertEquals(List.of(new ScriptedLlmServer.Message("user", "hi"),
                    new ScriptedLlmServer.Message("assistant", "ok"),
                    new ScriptedLlmServer.Message("user", "again")), call.messages());
            assertEquals("Bearer " + KEY, call.header("Authorization"));
            assertEquals(0.2, call.json().path("temperature").asDouble(), 1e-9);
            assertEquals(64, call.json().path("max_tokens").asInt());
        }
    }

    @Test
    void reportsTheModelTheServerNamed() throws Exception {
        String body = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,"
                + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"x\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":10,"
                + "\"completion_tokens\":2,\"total_tokens\":12}}";
        try (var server = ScriptedLlmServer.start(call -> Reply.status(200, Map.of(), body));
             var client = client(spec(server, null, Duration.ofSeconds(5), 0), FAST)) {
            LlmClient.Response response = await(client, request("hi"));
            assertEquals("openai/gpt-4o-mini-2024-07-18", response.model());
            assertEquals(new LlmClient.Usage(10, 2, 0, 0), response.usage());
        }
    }

    @Test
    void missingKeyVariableIsNamedAndLocalServersNeedNone() {
        try (var server = ScriptedLlmServer.start(call -> Reply.text("local"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new OpenAiLlmClient(spec(server, null, null, 0), name -> "", FAST));
            assertTrue(e.getMessage().contains("OPENAI_API_KEY"), e.getMessage());

            ProviderSpec local = new ProviderSpec("vllm", Protocol.OPENAI, server.openAiBaseUrl(), null, null,
                    Duration.ofSeconds(5), 0);
            try (var client = new OpenAiLlmClient(local, name -> null, FAST)) {
                LlmClient.Response r = await(client, new LlmClient.Request("vllm/meta-llama/Llama-3.1-8B", null,
                        List.of(LlmClient.Message.user("hi")), 16, 0, ""));
                assertEquals("local", r.text());
                assertEquals("meta-llama/Llama-3.1-8B", server.calls().get(0).model());
                assertNull(server.calls().get(0).system());
                assertFalse(server.calls().get(0).header("Authorization").contains(KEY));
            } catch (Exception ex) {
                throw new AssertionError(ex);
            }
        }
    }

    @Test
    void rateLimitStormIsRiddenOutHonouringRetryAfter() throws Exception {
        AtomicInteger n = new AtomicInteger();
        try (var server = ScriptedLlmServer.start(call -> n.incrementAndGet() <= 3
                ? Reply.status(429, Map.of("Retry-After", "1"), "{\"error\":{\"message\":\"slow down\"}}")
                : Reply.text("finally", 10, 2, 0));
             var client = client(spec(server, null, Duration.ofSeconds(5), 5), FAST)) {
            long start = System.nanoTime();
            LlmClient.Response response = await(client, request("hi"));
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;

            assertEquals("finally", response.text());
            assertEquals(4, server.calls().size());
            assertTrue(elapsedMs >= 2900, "three Retry-After: 1 waits took only " + elapsedMs + " ms");
        }
    }

    @Test
    void retryAfterMillisecondsHeaderWinsOverBackoff() throws Exception {
        AtomicInteger n = new AtomicInteger();
        ClientTuning slowBackoff = new ClientTuning(Duration.ofSeconds(10), Duration.ofSeconds(10),
                Duration.ofSeconds(5), Duration.ofMinutes(1));
        try (var server = ScriptedLlmServer.start(call -> n.incrementAndGet() == 1
                ? Reply.status(503, Map.of("retry-after-ms", "150"), "{\"error\":{\"message\":\"busy\"}}")
                : Reply.text("ok"));
             var client = client(spec(server, null, Duration.ofSeconds(5), 1), slowBackoff)) {
            long start = System.nanoTime();
            assertEquals("ok", await(client, request("hi")).text());
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(elapsedMs >= 140 && elapsedMs < 5000, "waited " + elapsedMs + " ms");
        }
    }

    @Test
    void exhaustedRetriesFailRetryableNamingProviderModelAndStatus() {
        try (var server = ScriptedLlmServer.start(call -> Reply.error(500, "The server had an error"));
             var client = client(spec(server, null, Duration.ofSeconds(5), 2), FAST)) {
            LlmCallException e = failure(client, request("hi"));
            assertTrue(e.retryable());
            assertEquals(3, server.calls().size());
            assertTrue(e.getMessage().contains("openai"), e.getMessage());
            assertTrue(e.getMessage().contains("gpt-4o-mini"), e.getMessage());
            assertTrue(e.getMessage().contains("500"), e.getMessage());
            assertTrue(e.getMessage().contains("3 attempts"), e.getMessage());
        }
    }

    @Test
    void unauthorizedIsNotRetriedAndNeverShowsTheKey() {
        try (var server = ScriptedLlmServer.start(call -> Reply.error(401,
                "Incorrect API key provided: " + KEY + ". You can find your API key at platform.openai.com"));
             var client = client(spec(server, null, Duration.ofSeconds(5), 3), FAST)) {
            LlmCallException e = failure(client, request("hi"));
            assertFalse(e.retryable());
            assertEquals(1, server.calls().size());
            assertTrue(e.getMessage().contains("401"), e.getMessage());
            assertTrue(e.getMessage().contains("Incorrect API key provided"), e.getMessage());
            assertTrue(e.getMessage().contains("OPENAI_API_KEY"), e.getMessage());
            assertFalse(e.getMessage().contains(KEY), e.getMessage());
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                assertFalse(String.valueOf(c.getMessage()).contains(KEY));
            }
        }
    }

    @Test
    void notFoundModelIsNotRetried() {
        try (var server = ScriptedLlmServer.start(call -> Reply.error(404,
                "The model `gpt-9` does not exist or you do not have access to it."));
             var client = client(spec(server, null, Duration.ofSeconds(5), 3), FAST)) {
            LlmCallException e = failure(client, request("hi"));
            assertFalse(e.retryable());
            assertEquals(1, server.calls().size());
            assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        }
    }

    @Test
    void droppedConnectionIsRetried() throws Exception {
        AtomicInteger n = new AtomicInteger();
        try (var server = ScriptedLlmServer.start(call -> n.incrementAndGet() == 1 ? Reply.drop() : Reply.text("ok"));
             var client = client(spec(server, null, Duration.ofSeconds(5), 2), FAST)) {
            assertEquals("ok", await(client, request("hi")).text());
            assertEquals(2, server.calls().size());
        }
    }

    @Test
    void droppedConnectionsExhaustRetriesAsRetryable() {
        try (var server = ScriptedLlmServer.start(call -> Reply.drop());
             var client = client(spec(server, null, Duration.ofSeconds(5), 1), FAST)) {
            LlmCallException e = failure(client, request("hi"));
            assertTrue(e.retryable());
            assertEquals(2, server.calls().size());
        }
    }

    @Test
    void slowReplyPastTheTimeoutIsRetried() throws Exception {
        AtomicInteger n = new AtomicInteger();
        try (var server = ScriptedLlmServer.start(call -> n.incrementAndGet() == 1
                ? Reply.delayed(Duration.ofSeconds(3), Reply.text("late")) : Reply.text("fast"));
             var client = client(spec(server, null, Duration.ofMillis(400), 1), FAST)) {
            long start = System.nanoTime();
            assertEquals("fast", await(client, request("hi")).text());
            assertTrue((System.nanoTime() - start) / 1_000_000 < 2500);
            assertEquals(2, server.calls().size());
        }
    }

    @Test
    void concurrencyCapIsObservedByTheServer() throws Exception {
        try (var server = ScriptedLlmServer.start(call -> Reply.delayed(Duration.ofMillis(150), Reply.text("ok")));
             var client = client(spec(server, new ProviderLimits(0, 0, 2), Duration.ofSeconds(5), 0), FAST)) {
            List<CompletableFuture<LlmClient.Response>> all = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                all.add(client.complete(request("call " + i)).toCompletableFuture());
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
            assertEquals(8, server.calls().size());
            assertEquals(2, server.maxConcurrentRequests());
        }
    }

    @Test
    void withoutACapCallsDoOverlap() throws Exception {
        try (var server = ScriptedLlmServer.start(call -> Reply.delayed(Duration.ofMillis(200), Reply.text("ok")));
             var client = client(spec(server, null, Duration.ofSeconds(5), 0), FAST)) {
            List<CompletableFuture<LlmClient.Response>> all = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                all.add(client.complete(request("call " + i)).toCompletableFuture());
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
            assertTrue(server.maxConcurrentRequests() > 2, "max " + server.maxConcurrentRequests());
        }
    }

    @Test
    void requestsPerWindowAreHonoured() throws Exception {
        ClientTuning shortWindow = FAST.withRateWindow(Duration.ofMillis(800));
        try (var server = ScriptedLlmServer.start(call -> Reply.text("ok"));
             var client = client(spec(server, new ProviderLimits(2, 0, 0), Duration.ofSeconds(5), 0), shortWindow)) {
            long start = System.nanoTime();
            List<CompletableFuture<LlmClient.Response>> all = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                all.add(client.complete(request("call " + i)).toCompletableFuture());
            }
            all.get(0).get(5, TimeUnit.SECONDS);
            all.get(1).get(5, TimeUnit.SECONDS);
            long twoDone = (System.nanoTime() - start) / 1_000_000;
            assertFalse(all.get(2).isDone(), "third call did not wait");
            all.get(2).get(5, TimeUnit.SECONDS);
            long thirdDone = (System.nanoTime() - start) / 1_000_000;
            assertTrue(twoDone < 700, "first two took " + twoDone + " ms");
            assertTrue(thirdDone >= 790, "third call started after only " + thirdDone + " ms");
            assertEquals(3, server.calls().size());
        }
    }

    @Test
    void tokensPerWindowAreHonoured() throws Exception {
        ClientTuning shortWindow = FAST.withRateWindow(Duration.ofMillis(600));
        // each call: ~20 prompt chars / 4 + 64 max tokens ~ 70 estimated; real usage 100 + 50
        try (var server = ScriptedLlmServer.start(call -> Reply.text("ok", 100, 50, 0));
             var client = client(spec(server, new ProviderLimits(0, 200, 0), Duration.ofSeconds(5), 0),
                     shortWindow)) {
            long start = System.nanoTime();
            await(client, request("first"));
            await(client, request("second"));
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            assertTrue(elapsed >= 590, "second call should wait for the window, took " + elapsed + " ms");
        }
    }

    @Test
    void theKeyNeverAppearsInLogs() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        Level before = root.getLevel();
        root.setLevel(Level.ALL);
        AtomicInteger n = new AtomicInteger();
        try (var server = ScriptedLlmServer.start(call -> switch (n.incrementAndGet()) {
            case 1 -> Reply.rateLimited(0);
            case 2 -> Reply.error(500, "oops " + KEY);
            default -> Reply.error(401, "bad key " + KEY);
        });
             var client = client(spec(server, null, Duration.ofSeconds(5), 3), FAST)) {
            failure(client, request("hi"));
        } finally {
            root.detachAppender(logs);
            root.setLevel(before);
        }
        assertFalse(logs.list.isEmpty(), "retries should be logged");
        for (ILoggingEvent event : logs.list) {
            assertFalse(event.getFormattedMessage().contains(KEY), event.getFormattedMessage());
            if (event.getThrowableProxy() != null) {
                assertFalse(String.valueOf(event.getThrowableProxy().getMessage()).contains(KEY));
            }
        }
    }
}
