package io.alp.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.alp.evaluator.testkit.ScriptedLlmServer;
import io.alp.evaluator.testkit.ScriptedLlmServer.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static io.alp.app.Alp.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The example agent with a provider that cannot be reached, or that refuses every call: no case can be evaluated,
 * and the run says so (exit code, stop reason naming the error, each case's error in {@code show ID NODE}) instead of
 * ending "stopped (no candidates)" with exit 0.
 */
class FailingProviderTest {

    @TempDir
    Path tmp;

    private Path session(String id, String baseUrl) throws Exception {
        ExampleAgentRepo.create(tmp);
        return Files.writeString(tmp.resolve(id + ".yaml"), """
                id: %s
                name: support agent
                agent:
                  repo: support-agent
                  command: [python3, agent.py]
                  editable: [prompt.md, models.json]
                  modelMap: models.json
                  timeoutSeconds: 30
                  maxCostPerCaseUsd: 0.02
                  sandbox: auto
                providers:
                  openai: {protocol: openai, baseUrl: %s, maxRetries: 1}
                models: [openai/gpt-4o-mini, openai/gpt-4.1-mini]
                traffic:
                  source: {kind: jsonl, path: support-agent/cases.jsonl}
                  policy: {kind: improve, size: 6, seed: 1, window: {last: 3650d}}
                judge:
                  verifier: {command: [python3, support-agent/verify.py], timeoutSeconds: 30}
                optimizer:
                  proposer: openai/gpt-4.1
                  worker: openai/gpt-4.1-nano
                  budgetUsd: 2
                  parallelRounds: 1
                  evaluation: full
                """.formatted(id, baseUrl));
    }

    private void assertEveryCaseErrored(String data, String id, String expected) {
        JsonNode summary = Alp.show(data, id);
        assertEquals("baseline_errors", field(summary, "stopReason").asText(), summary.toPrettyString());
        assertTrue(field(summary, "stopDetail").asText().contains(expected), summary.toPrettyString());
        JsonNode node = Alp.run("show", id, "n0", "--json", "--data", data).assertOk().json();
        assertEquals(6, node.get("cases").size(), node.toPrettyString());
        for (JsonNode c : node.get("cases")) {
            assertEquals("error", c.get("verdict").asText(), c.toPrettyString());
            assertTrue(c.get("error").asText().contains(expected), c.toPrettyString());
        }
        assertEquals(6, node.get("counts").get("error").asInt());
        assertEquals(6, node.get("node").get("errors").asInt());
        Alp.Result text = Alp.run("show", id, "n0", "--data", data).assertOk();
        assertTrue(text.out().contains("ERROR") && text.out().contains(expected), text::describe);
    }

    @Test
    void anUnreachableProviderStopsTheSessionWithItsReasonAndExitCode1() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Path config = session("unreachable", "http://127.0.0.1:" + closed + "/v1");
        String data = tmp.resolve("data").toString();
        Alp.Result run = Alp.run(Duration.ofMinutes(3), "run", config.toString(), "--data", data, "--report",
                tmp.resolve("r.html").toString()).assertExit(1).assertNoStackTrace();
        assertTrue(run.out().contains("could not be reached"), run::describe);
        assertTrue(run.err().contains("alp: warning:") && run.err().contains("could not be evaluated"),
                run::describe);
        assertEveryCaseErrored(data, "unreachable", "could not be reached");
    }

    @Test
    void aProviderRefusingTheKeyStopsTheSessionWithItsReasonAndExitCode1() throws Exception {
        try (ScriptedLlmServer server = ScriptedLlmServer.start(call -> Reply.error(401, "Incorrect API key"))) {
            Path config = session("refused", server.openAiBaseUrl());
            String data = tmp.resolve("data").toString();
            Alp.run(Duration.ofMinutes(3), "run", config.toString(), "--data", data, "--report",
                    tmp.resolve("r.html").toString()).assertExit(1).assertNoStackTrace();
            assertEveryCaseErrored(data, "refused", "refused the gateway's own credentials");
        }
    }

    @Test
    void aProviderReportingHugeUsageCannotPushTheSessionOverItsBudget() throws Exception {
        // every call, the agent's and the proposer's, claims a billion tokens each way
        try (ScriptedLlmServer server = ScriptedLlmServer.start(
                call -> Reply.text("Your order is on its way.", 1_000_000_000L, 1_000_000_000L, 0))) {
            Path config = session("greedy", server.openAiBaseUrl());
            String data = tmp.resolve("data").toString();
            Alp.run(Duration.ofMinutes(3), "run", config.toString(), "--data", data, "--report",
                    tmp.resolve("r.html").toString()).assertNoStackTrace();
            JsonNode summary = Alp.show(data, "greedy");
            double spent = field(summary, "spentUsd").asDouble();
            assertTrue(spent > 0 && spent <= field(summary, "budgetUsd").asDouble(), summary.toPrettyString());
            JsonNode baseline = field(summary, "baseline");
            assertTrue(field(baseline, "costPerCase").asDouble() <= 0.02 + 1e-9, baseline.toPrettyString());
            assertTrue(server.calls().stream().filter(c -> c.model().equals("gpt-4o-mini")).findAny().isPresent(),
                    "the agent's calls reached the provider");
        }
    }
}
