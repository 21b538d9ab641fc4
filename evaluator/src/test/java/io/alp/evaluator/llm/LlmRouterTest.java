package io.alp.evaluator.llm;

import io.alp.engine.port.LlmCallException;
import io.alp.engine.port.LlmClient;
import io.alp.evaluator.testkit.ScriptedLlmServer;
import io.alp.evaluator.testkit.ScriptedLlmServer.Reply;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.alp.evaluator.llm.OpenAiLlmClientTest.FAST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LlmRouterTest {

    static final Map<String, String> ENV = Map.of("OPENAI_API_KEY", "sk-o", "ANTHROPIC_API_KEY", "sk-a");

    @Test
    void routesEachPrefixToItsProviderAndProtocol() throws Exception {
        try (var server = ScriptedLlmServer.start(call -> Reply.text(call.protocol() + ":" + call.model()));
             var router = new LlmRouter(List.of(
                     new ProviderSpec("openai", Protocol.OPENAI, server.openAiBaseUrl(), "OPENAI_API_KEY", null,
                             Duration.ofSeconds(5), 0),
                     new ProviderSpec("anthropic", Protocol.ANTHROPIC, server.anthropicBaseUrl(),
                             "ANTHROPIC_API_KEY", null, Duration.ofSeconds(5), 0),
                     new ProviderSpec("local", Protocol.OPENAI, server.openAiBaseUrl(), null, null,
                             Duration.ofSeconds(5), 0)), ENV::get, FAST)) {
            assertEquals("OPENAI:gpt-4.1-mini", call(router, "openai/gpt-4.1-mini").text());
            assertEquals("ANTHROPIC:claude-haiku-4-5", call(router, "anthropic/claude-haiku-4-5").text());
            LlmClient.Response local = call(router, "local/qwen/qwen3-8b");
            assertEquals("OPENAI:qwen/qwen3-8b", local.text());
            assertEquals("local/qwen/qwen3-8b", local.model());
            assertEquals("Bearer sk-o", server.calls().get(0).header("authorization"));
            assertEquals("sk-a", server.calls().get(1).header("x-api-key"));
            assertEquals(List.of("openai", "anthropic", "local"), router.providers());
            router.requireKnown("anthropic/claude-opus-4-1");
        }
    }

    @Test
    void unknownProviderFailsAtConfigurationAndAtCallTime() throws Exception {
        try (var server = ScriptedLlmServer.start(call -> Reply.text("x"));
             var router = new LlmRouter(List.of(new ProviderSpec("openai", Protocol.OPENAI, server.openAiBaseUrl(),
                     "OPENAI_API_KEY", null, null, 0)), ENV::get, FAST)) {
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                    () -> router.requireKnown("mistral/large"));
            assertTrue(bad.getMessage().contains("mistral") && bad.getMessage().contains("[openai]"),
                    bad.getMessage());
            IllegalArgumentException bare = assertThrows(IllegalArgumentException.class,
                    () -> router.requireKnown("gpt-4o"));
            assertTrue(bare.getMessage().contains("provider/model") && bare.getMessage().contains("openai"));

            ExecutionException e = assertThrows(ExecutionException.class, () -> router.complete(
                    new LlmClient.Request("mistral/large", null, List.of(LlmClient.Message.user("hi")), 10, 0, ""))
                    .toCompletableFuture().get(5, TimeUnit.SECONDS));
            LlmCallException call = assertInstanceOf(LlmCallException.class, e.getCause());
            assertFalse(call.retryable());
            assertTrue(call.getMessage().contains("openai"), call.getMessage());
            assertTrue(server.calls().isEmpty());
        }
    }

    @Test
    void missingKeyFailsConstructionNamingTheVariable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LlmRouter(List.of(
                new ProviderSpec("anthropic", Protocol.ANTHROPIC, "http://127.0.0.1:1", "MY_ANTHROPIC_KEY", null,
                        null, 0)), name -> null, FAST));
        assertTrue(e.getMessage().contains("MY_ANTHROPIC_KEY"), e.getMessage());
    }

    private static LlmClient.Response call(LlmClient client, String model) throws Exception {
        return client.complete(new LlmClient.Request(model, "sys", List.of(LlmClient.Message.user("hi")), 16, 0,
                "")).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
