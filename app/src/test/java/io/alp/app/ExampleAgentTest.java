package io.alp.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alp.evaluator.testkit.ScriptedLlmServer;
import io.alp.evaluator.testkit.ScriptedLlmServer.Call;
import io.alp.evaluator.testkit.ScriptedLlmServer.Reply;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.alp.app.Alp.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The example agent under {@code examples/support-agent} (a Python program with tools) optimized end to end: every
 * model is a scripted OpenAI-compatible server on loopback; the proposer and the worker make real edits to the
 * agent's files; each candidate runs as a process in the sandbox, reaching its model only through the metering
 * gateway; the verifier judges; the frontier holds commits of the agent's own repository; {@code alp diff} shows
 * the edit and {@code alp promote} creates the branch; the recorded session re-runs offline with the same tree.
 */
class ExampleAgentTest {

    private static final String LOOK_UP = "Always look up the order with lookup_order before answering.";
    private static final Pattern ORDER = Pattern.compile("\\bA\\d{4}\\b");

    @TempDir
    Path tmp;

    /** The agent's model (behind the gateway): it uses its tools only when its prompt tells it to, or when it is the bigger model. */
    private static Reply agentModel(Call call) {
        var tool = call.messages().stream().filter(m -> m.role().equals("tool")).reduce((a, b) -> b);
        if (tool.isPresent()) {
            return Reply.text("Here is what I found: " + tool.get().content(), 900, 60, 0);
        }
        Matcher order = ORDER.matcher(call.lastUserMessage());
        boolean diligent = call.system().contains(LOOK_UP) || call.model().equals("gpt-4.1-mini");
        if (diligent && order.find()) {
            return toolCall("lookup_order", "{\"order_id\": \"" + order.group() + "\"}");
        }
        return Reply.text("Your order is on its way! You should receive it soon.", 600, 15, 0);
    }

    private static Reply toolCall(String name, String arguments) {
        ObjectNode body = Alp.JSON.createObjectNode();
        body.put("id", "chatcmpl-tool").put("object", "chat.completion").put("created", 1_764_000_000)
                .put("model", "gpt-4o-mini");
        ObjectNode message = body.putArray("choices").addObject().put("index", 0).put("finish_reason", "tool_calls")
                .putObject("message").put("role", "assistant");
        message.putNull("content");
        ObjectNode call = message.putArray("tool_calls").addObject().put("id", "call_1").put("type", "function");
        call.putObject("function").put("name", name).put("arguments", arguments);
        body.putObject("usage").put("prompt_tokens", 700).put("completion_tokens", 20).put("total_tokens", 720);
        return Reply.status(200, Map.of("Content-Type", "application/json"), body.toString());
    }

    private static Reply answer(Call call, String prompt) {
        if (call.model().equals("gpt-4.1-nano")) {
            return worker(call, prompt);
        }
        return switch (call.model()) {
            case "gpt-4o-mini", "gpt-4.1-mini" -> agentModel(call);
            case "gpt-4.1" -> Reply.text("""
                    {"proposals": [
                      {"class": "prompt", "files": ["prompt.md"],
                       "change": "Tell the agent to always look up the order before answering.",
                       "rationale": "The failed answers are generic: the agent never called lookup_order.",
                       "expected": {"passRate": "+50 points", "cost": "+30%"}},
                      {"class": "routing", "files": ["models.json"],
                       "change": "Route gpt-4o-mini to openai/gpt-4.1-mini.",
                       "rationale": "A stronger model may use the tools unprompted.",
                       "expected": {"passRate": "+50 points", "cost": "+200%"}}
                    ]}""", 3_000, 300, 0);
            default -> Reply.error(404, "The model `" + call.model() + "` does not exist");
        };
    }

    private static Reply worker(Call call, String prompt) {
        String all = call.messages().stream().map(ScriptedLlmServer.Message::content).reduce("", String::concat);
        if (all.contains("always look up the order")) {
            String last = prompt.strip().lines().reduce((a, b) -> b).orElseThrow();
            return Reply.text("prompt.md\n<<<<<<< SEARCH\n" + last + "\n=======\n" + last + " " + LOOK_UP
                    + "\n>>>>>>> REPLACE\n", 2_000, 80, 0);
        }
        return Reply.text("models.json\n<<<<<<< SEARCH\n{\"gpt-4o-mini\": \"openai/gpt-4o-mini\"}\n=======\n"
                + "{\"gpt-4o-mini\": \"openai/gpt-4.1-mini\"}\n>>>>>>> REPLACE\n", 2_000, 80, 0);
    }

    @Test
    void theExampleAgentIsOptimizedInItsSandboxAndTheBestCandidateIsPromotedToABranch() throws Exception {
        Path agent = tmp.resolve("support-agent");
        String head = ExampleAgentRepo.create(tmp);
        String prompt = Files.readString(agent.resolve("prompt.md"));
        try (ScriptedLlmServer server = ScriptedLlmServer.start(call -> answer(call, prompt))) {
            Path config = Files.writeString(tmp.resolve("session.yaml"), """
                    id: support-e2e
                    name: support agent
                    agent:
                      repo: support-agent
                      command: [python3, agent.py]
                      editable: [prompt.md, models.json, config.json, tools.py, agent.py]
                      modelMap: models.json
                      timeoutSeconds: 30
                      maxCostPerCaseUsd: 0.25
                      sandbox: auto
                    providers:
                      openai: {protocol: openai, baseUrl: %s, maxRetries: 2}
                    models: [openai/gpt-4o-mini, openai/gpt-4.1-mini]
                    traffic:
                      source: {kind: jsonl, path: support-agent/cases.jsonl}
                      policy: {kind: improve, size: 12, seed: 1, window: {last: 3650d}}
                    judge:
                      verifier: {command: [python3, support-agent/verify.py], timeoutSeconds: 30}
                    optimizer:
                      proposer: openai/gpt-4.1
                      worker: openai/gpt-4.1-nano
                      budgetUsd: 5
                      branching: 2
                      parallelRounds: 1
                      stallRounds: 2
                      maxNodes: 5
                      evaluation: full
                    """.formatted(server.openAiBaseUrl()));
            // a data directory at a long path: nothing of the sandbox (such as the gateway's socket) may depend on it
            String data = longDataPath().toString();
            assertTrue(data.length() >= 200, data);
            Alp.run(java.time.Duration.ofMinutes(4), "run", config.toString(), "--data", data, "--record",
                    "--report", tmp.resolve("report.html").toString()).assertOk().assertNoStackTrace();
            JsonNode summary = Alp.show(data, "support-e2e");

            JsonNode baseline = field(summary, "baseline");
            // the baseline holds its 12 cases at the $0.25 cap ($3 of $5); each child is admitted on what a case of
            // its parent measured, so none is skipped for budget although two children at the cap would not fit
            for (JsonNode r : field(summary, "tree")) {
                assertFalse(r.path("status").asText().equals("skipped"), "skipped: " + summary.toPrettyString());
            }
            JsonNode promptNode = row(summary, "prompt");
            assertEquals("scored", field(promptNode, "status").asText(), promptNode.toString());
            assertTrue(field(promptNode, "passRate").asDouble() > field(baseline, "passRate").asDouble() + 0.3,
                    "the prompt edit changed the agent's behaviour: " + summary.toPrettyString());
            assertTrue(field(baseline, "costPerCase").asDouble() > 0, "the agent's calls were metered");
            JsonNode routing = row(summary, "routing");
            assertTrue(field(routing, "passRate").asDouble() > field(baseline, "passRate").asDouble(),
                    routing.toString());
            assertTrue(server.calls().stream().anyMatch(c -> c.model().equals("gpt-4.1-mini")),
                    "the routing edit reached the agent through the gateway's model map, with no code change");
            assertTrue(server.calls().stream().filter(c -> c.model().startsWith("gpt-4"))
                            .noneMatch(c -> String.valueOf(c.header("Authorization")).contains("alp-run-")),
                    "the provider never sees a run token");

            String node = field(promptNode, "node").asText();
            Alp.Result diff = Alp.run("diff", "support-e2e", node, "--data", data).assertOk();
            assertTrue(diff.out().contains("+++ b/prompt.md") && diff.out().contains(LOOK_UP), diff::describe);
            Alp.run("promote", "support-e2e", node, "--branch", "look-up-orders", "--data", data).assertOk();
            try (Git git = Git.open(agent.toFile())) {
                var repo = git.getRepository();
                String branch = repo.exactRef("refs/heads/look-up-orders").getObjectId().name();
                assertEquals(branch, repo.exactRef("refs/alp/support-e2e/" + node).getObjectId().name());
                assertEquals(head, repo.resolve("HEAD").name(), "the user's checkout did not move");
                assertTrue(git.status().call().isClean(), "the work tree was never touched");
                assertEquals(List.of(head), List.of(repo.parseCommit(repo.resolve("look-up-orders"))
                        .getParent(0).name()), "the candidate is a commit on the baseline");
            }
        }
        // the model server is gone: the agent program's calls are answered by its gateway from the recording
        Alp.Result rerun = Alp.run(java.time.Duration.ofMinutes(4), "replay", "support-e2e", "--rerun", "--data",
                longDataPath().toString(), "--report", tmp.resolve("rerun.html").toString());
        rerun.assertOk().assertNoStackTrace();
        assertTrue(rerun.out().contains("matches recorded session support-e2e"), rerun::describe);
    }

    private Path longDataPath() {
        return tmp.resolve("data-" + "d".repeat(Math.max(1, 200 - tmp.toString().length() - 6)));
    }

    private static JsonNode row(JsonNode summary, String editClass) {
        for (JsonNode r : field(summary, "tree")) {
            if (editClass.equals(r.path("editClass").asText())) {
                return r;
            }
        }
        throw new AssertionError("no " + editClass + " node in " + summary.toPrettyString());
    }
}
