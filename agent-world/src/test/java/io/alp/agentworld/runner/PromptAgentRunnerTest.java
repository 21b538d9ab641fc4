package io.alp.agentworld.runner;

import io.alp.engine.llm.MeteredLlm;
import io.alp.engine.model.Case;
import io.alp.engine.port.RunResult;
import io.alp.evaluator.llm.OpenAiLlmClient;
import io.alp.evaluator.llm.ProviderSpec;
import io.alp.evaluator.llm.Protocol;
import io.alp.evaluator.testkit.ScriptedLlmServer;
import io.alp.evaluator.testkit.ScriptedLlmServer.Reply;
import io.alp.evaluator.testkit.TestPrices;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A prompt agent candidate runs as its source says, over a real HTTP model server on loopback. */
class PromptAgentRunnerTest {

    private static final Case CASE = new Case("q1", "What is 2 + 2?", Map.of());
    private static final String PROMPT = "Answer with a number.";

    private static Map<String, String> source(String manifest) {
        return Map.of("agent.json", manifest, "prompt.md", PROMPT);
    }

    private static RunResult run(ScriptedLlmServer server, Map<String, String> files) {
        var client = new OpenAiLlmClient(new ProviderSpec("local", Protocol.OPENAI, server.openAiBaseUrl(), null, null,
                Duration.ofSeconds(5), 0), name -> null);
        var prices = new TestPrices().with("local/small", 1, 4).with("local/big", 10, 40);
        var runner = new PromptAgentRunner(new MeteredLlm(client, prices), ref -> files, "agent.json",
                List.of("local/small", "local/big"));
        return runner.run("c1", CASE).toCompletableFuture().join();
    }

    @Test
    void theCandidateSendsItsPromptAndTheCaseToItsModelAndPaysForIt() {
        // 30 prompt tokens: what a chat template makes of this system prompt and question (a call is never charged
        // for more input tokens than its text has bytes)
        try (ScriptedLlmServer server = ScriptedLlmServer.start(call -> Reply.text("4", 30, 10, 0))) {
            RunResult result = run(server, source("{\"model\": \"local/big\", \"system\": \"prompt.md\", \"maxTokens\": 20}"));
            assertNull(result.error());
            assertEquals("4", result.output());
            assertEquals((30 * 10 + 10 * 40) / 1e6, result.costUsd(), 1e-12);
            var call = server.calls().get(0);
            assertEquals("big", call.model());
            assertEquals(PROMPT, call.system());
            assertEquals(CASE.input(), call.lastUserMessage());
            assertEquals(20, call.json().path("max_tokens").asInt());
        }
    }

    @Test
    void aCandidateWhoseSourceNoLongerDescribesAnAgentFailsTheCaseWithoutACall() {
        try (ScriptedLlmServer server = ScriptedLlmServer.start(call -> Reply.text("4"))) {
            RunResult broken = run(server, source("{\"model\": \"local/small\""));
            assertTrue(broken.failed() && broken.error().contains("agent.json is not valid JSON"), broken.error());
            RunResult outside = run(server, source("{\"model\": \"local/huge\", \"system\": \"prompt.md\"}"));
            assertTrue(outside.failed() && outside.error().contains("not among the session's models"), outside.error());
            RunResult noPrompt = run(server, source("{\"model\": \"local/small\", \"system\": \"missing.md\"}"));
            assertTrue(noPrompt.failed() && noPrompt.error().contains("missing.md"), noPrompt.error());
            assertTrue(server.calls().isEmpty());
        }
    }

    @Test
    void aRefusedModelCallFailsTheCaseWithTheProvidersReason() {
        try (ScriptedLlmServer server = ScriptedLlmServer.start(call -> Reply.error(400, "context length exceeded"))) {
            RunResult result = run(server, source("{\"model\": \"local/small\", \"system\": \"prompt.md\"}"));
            assertTrue(result.failed() && result.error().contains("context length exceeded"), result.error());
            assertEquals(0, result.costUsd());
        }
    }
}
