package io.alp.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.alp.app.console.ConsoleServer;
import io.alp.app.console.ConsoleSettings;
import io.alp.app.console.LazyNode;
import io.alp.app.console.NodeSessionControl;
import io.alp.cluster.JournalAccess;
import io.alp.cluster.NodeSettings;
import io.alp.evaluator.llm.Protocol;
import io.alp.evaluator.testkit.ScriptedLlmServer;
import io.alp.evaluator.testkit.ScriptedLlmServer.Call;
import io.alp.evaluator.testkit.ScriptedLlmServer.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.alp.app.Alp.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code alp run} on a real agent whose every model (the agent's, the judge's, the proposer's and the worker's) is
 * a scripted server on loopback speaking the OpenAI or the Anthropic protocol: real edits are proposed, applied to
 * the agent's source, run and scored; a recorded session re-runs offline with the same tree and frontier; model
 * faults are ridden out or recorded, never crash the session.
 */
class AgentSessionTest {

    @TempDir
    Path tmp;

    private final ArithmeticAgentFixture fixture = new ArithmeticAgentFixture();

    private JsonNode runSession(Protocol protocol, ScriptedLlmServer server, String id, String... extraArgs)
            throws IOException {
        Path config = ArithmeticAgentFixture.write(tmp, id, protocol, server, null);
        List<String> args = new ArrayList<>(List.of("run", config.toString(), "--data", data(),
                "--report", tmp.resolve(id + ".html").toString()));
        args.addAll(List.of(extraArgs));
        Alp.run(args.toArray(String[]::new)).assertOk().assertNoStackTrace();
        return Alp.show(data(), id);
    }

    private String data() {
        return tmp.resolve("data").toString();
    }

    private static JsonNode node(JsonNode summary, String editClass) {
        for (JsonNode row : field(summary, "tree")) {
            if (editClass.equals(row.path("editClass").asText())) {
                return row;
            }
        }
        throw new AssertionError("no " + editClass + " node in " + summary.toPrettyString());
    }

    /** The console's node page: the same source change against the parent as alp diff, and the node's cases. */
    private void assertConsoleShowsTheChange(String session, String node) throws IOException {
        NodeSettings settings = NodeSettings.embedded(Path.of(data()));
        try (JournalAccess access = JournalAccess.open(settings); LazyNode lazy = new LazyNode(settings)) {
            ConsoleServer console = ConsoleServer.start(access.system(), access.reader(),
                    new NodeSessionControl(settings, lazy, System.err, false), new ConsoleSettings("127.0.0.1", 0, null),
                    Path.of(data()));
            try {
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(console.url() + "/api/sessions/" + session + "/nodes/" + node)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), r.body());
                JsonNode page = Alp.JSON.readTree(r.body());
                assertEquals("source", page.at("/diff/kind").asText(), r.body());
                String text = page.at("/diff/text").asText();
                assertTrue(text.contains("+++ b/prompt.md") && text.contains("+" + ArithmeticAgentFixture.PROMPT + " "
                        + ArithmeticAgentFixture.ONLY_NUMBER), text);
                assertTrue(page.get("cases").size() > 0, r.body());
                page.get("cases").forEach(c -> assertEquals("pass", c.get("verdict").asText(), c.toString()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            } finally {
                console.close();
            }
        }
    }

    /** The edits the scripted models make are applied and scored, and the frontier is the one they imply. */
    private void assertSearchedAsScripted(JsonNode summary, ScriptedLlmServer server) {
        JsonNode baseline = field(summary, "baseline");
        assertEquals(0.0, field(baseline, "passRate").asDouble(), summary.toPrettyString());
        JsonNode prompt = node(summary, "prompt");
        assertEquals("scored", field(prompt, "status").asText(), prompt.toString());
        assertEquals(1.0, field(prompt, "passRate").asDouble(), prompt.toString());
        JsonNode routing = node(summary, "routing");
        assertEquals(1.0, field(routing, "passRate").asDouble(), routing.toString());
        assertTrue(field(routing, "costPerCase").asDouble() > 5 * field(prompt, "costPerCase").asDouble(),
                "routing to the big model costs more: " + summary.toPrettyString());
        List<String> frontier = new ArrayList<>();
        field(summary, "frontier").forEach(p -> frontier.add(field(p, "node").asText()));
        assertTrue(frontier.contains(field(prompt, "node").asText()), "the prompt edit dominates: " + frontier);
        assertFalse(frontier.contains(field(routing, "node").asText()), "routing is dominated: " + frontier);

        // the edited candidates really ran: the agent model saw the edited prompt, and the big model was called
        assertTrue(server.calls().stream().anyMatch(c -> c.model().equals("small")
                && c.system().contains(ArithmeticAgentFixture.ONLY_NUMBER)), "the prompt edit reached the agent");
        assertTrue(server.calls().stream().anyMatch(c -> c.model().equals("big")), "the routing edit took effect");
        assertTrue(field(summary, "spentUsd").asDouble() > 0, summary.toString());
        assertTrue(field(summary, "orchestratorUsd").asDouble() > 0, "proposer and worker are charged");
    }

    @Test
    void aSessionOnAnOpenAiCompatibleServerAppliesAndScoresRealEditsAndReRunsOfflineFromItsRecording()
            throws IOException {
        JsonNode summary;
        Path recording;
        try (ScriptedLlmServer server = ScriptedLlmServer.start(fixture::answer)) {
            summary = runSession(Protocol.OPENAI, server, "arith-openai", "--record");
            assertSearchedAsScripted(summary, server);
            recording = tmp.resolve("data").resolve("recordings").resolve("arith-openai.jsonl");
            assertTrue(Files.size(recording) > 0, "the exchanges were recorded");
        }
        String promptNode = field(node(summary, "prompt"), "node").asText();
        Alp.Result diff = Alp.run("diff", "arith-openai", promptNode, "--data", data()).assertOk();
        assertTrue(diff.out().contains("+++ b/prompt.md") && diff.out().contains("+" + ArithmeticAgentFixture.PROMPT
                + " " + ArithmeticAgentFixture.ONLY_NUMBER), diff::describe);
        assertFalse(diff.out().contains("agent.json"), "only the edited file differs\n" + diff.describe());
        assertConsoleShowsTheChange("arith-openai", promptNode);
        Alp.run("promote", "arith-openai", promptNode, "--branch", "terse-answers", "--data", data()).assertOk();
        Path store = tmp.resolve("data").resolve("sources.git");
        try (var repo = new org.eclipse.jgit.storage.file.FileRepositoryBuilder().setGitDir(store.toFile()).build()) {
            String branch = repo.exactRef("refs/heads/terse-answers").getObjectId().name();
            assertEquals(branch, repo.exactRef("refs/alp/arith-openai/" + promptNode).getObjectId().name(),
                    "the branch is the node's published commit");
        }
        Alp.Result twice = Alp.run("promote", "arith-openai", promptNode, "--branch", "terse-answers", "--data",
                data()).assertExit(1);
        assertTrue(twice.err().contains("already exists"), twice::describe);
        Alp.run("diff", "arith-openai", "n99", "--data", data()).assertExit(2);
        // the server is gone: the re-run can only answer from the recording
        Alp.Result rerun = Alp.run("replay", "arith-openai", "--rerun", "--data", data(), "--report",
                tmp.resolve("rerun.html").toString()).assertOk().assertNoStackTrace();
        assertTrue(rerun.out().contains("matches recorded session arith-openai"), rerun::describe);
        JsonNode again = Alp.run("replay", "arith-openai", "--rerun", "--json", "--data", data(), "--report",
                tmp.resolve("rerun2.html").toString()).assertOk().json();
        assertTrue(field(field(again, "rerun"), "identical").asBoolean(), again.toPrettyString());
        assertEquals(field(summary, "nodes").asInt(), field(again, "nodes").asInt());
        assertEquals(field(summary, "frontier").size(), field(again, "frontier").size());
    }

    @Test
    void aSessionOnAnAnthropicProtocolServerAppliesAndScoresRealEdits() throws IOException {
        try (ScriptedLlmServer server = ScriptedLlmServer.start(fixture::answer)) {
            JsonNode summary = runSession(Protocol.ANTHROPIC, server, "arith-anthropic");
            assertSearchedAsScripted(summary, server);
            assertTrue(server.calls().stream().allMatch(c -> c.protocol() == Protocol.ANTHROPIC));
        }
    }

    @Test
    void aStormOfRateLimitsIsRiddenOutWithinTheRetries() throws IOException {
        var script = ArithmeticAgentFixture.faulty(fixture::answer, c -> c.model().equals("small"), 6,
                Reply.rateLimited(1));
        try (ScriptedLlmServer server = ScriptedLlmServer.start(script)) {
            JsonNode summary = runSession(Protocol.OPENAI, server, "arith-429");
            assertSearchedAsScripted(summary, server);
            long limited = server.calls().stream().filter(c -> c.model().equals("small")).count();
            assertTrue(limited >= 6 + 8, "the rate-limited calls were retried: " + limited);
        }
    }

    @Test
    void aMalformedProposalIsRepairedOnceAndUnusableOnesAreRecordedNotFatal() throws IOException {
        var onceBroken = ArithmeticAgentFixture.faulty(fixture::answer, c -> c.model().equals("planner"), 1,
                Reply.text("Sure! Here are my proposals: 1. make the prompt terser"));
        try (ScriptedLlmServer server = ScriptedLlmServer.start(onceBroken)) {
            JsonNode summary = runSession(Protocol.OPENAI, server, "arith-repair");
            assertSearchedAsScripted(summary, server);
            Call repair = server.calls().stream().filter(c -> c.model().equals("planner")).skip(1).findFirst()
                    .orElseThrow();
            assertTrue(repair.lastUserMessage().contains("not valid JSON"), repair.lastUserMessage());
        }
        var alwaysBroken = ArithmeticAgentFixture.faulty(fixture::answer, c -> c.model().equals("planner"),
                Integer.MAX_VALUE, Reply.text("{\"proposals\": [ {\"class\": \"prompt\""));
        try (ScriptedLlmServer server = ScriptedLlmServer.start(alwaysBroken)) {
            JsonNode summary = runSession(Protocol.OPENAI, server, "arith-broken");
            assertEquals(1, field(summary, "nodes").asInt(), "no edit could be proposed: " + summary);
            assertFalse("failed".equals(field(summary, "status").asText()), summary.toString());
            assertTrue(field(summary, "orchestratorUsd").asDouble() > 0, "the unusable replies were charged");
        }
    }

    @Test
    void anEditTheWorkerCannotApplyIsRecordedOnItsNodeWithTheReason() throws IOException {
        var confused = ArithmeticAgentFixture.faulty(fixture::answer, c -> c.model().equals("editor"),
                Integer.MAX_VALUE, Reply.text("prompt.md\n<<<<<<< SEARCH\nYou are a poet.\n=======\nNo.\n>>>>>>> REPLACE\n"));
        try (ScriptedLlmServer server = ScriptedLlmServer.start(confused)) {
            JsonNode summary = runSession(Protocol.OPENAI, server, "arith-edit-failed");
            JsonNode prompt = node(summary, "prompt");
            assertEquals("failed", field(prompt, "status").asText(), prompt.toString());
            assertTrue(field(prompt, "failure").asText().contains("SEARCH lines were not found in prompt.md"), prompt.toString());
            long attempts = server.calls().stream().filter(c -> c.model().equals("editor")).count();
            assertEquals(2 * 3, attempts, "two edits, each tried once and retried twice with feedback");
        }
    }

    @Test
    void recordingIsForSessionsThatCallModels() throws IOException {
        Path sim = Files.writeString(tmp.resolve("sim.yaml"), "world: support\noptimizer: {budgetUsd: 5}\n");
        Alp.Result r = Alp.run("run", sim.toString(), "--record", "--data", data()).assertExit(1).assertNoStackTrace();
        assertTrue(r.err().contains("--record") && r.err().contains("simulated world"), r::describe);
    }

    @Test
    void anAgentProgramThatWouldRunUnsandboxedIsWarnedAboutOnTheConsole() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("program"));
        Files.writeString(repo.resolve("agent.py"), "print('{\"output\": \"hi\"}')\n");
        try (var git = org.eclipse.jgit.api.Git.init().setDirectory(repo.toFile()).call()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("baseline").setAuthor("dev", "dev@example.com")
                    .setCommitter("dev", "dev@example.com").call();
        }
        Path config = Files.writeString(tmp.resolve("program.yaml"), """
                agent: {repo: program, command: [python3, agent.py], editable: [agent.py], sandbox: none}
                providers: {openai: {protocol: openai, baseUrl: http://127.0.0.1:9/v1}}
                models: [openai/gpt-4o-mini]
                dataset: {id: ds-000000000000}
                judge: {verifier: {command: [true]}}
                optimizer: {proposer: openai/gpt-4o-mini, worker: openai/gpt-4o-mini, budgetUsd: 1}
                """);
        Alp.Result r = Alp.run("run", config.toString(), "--data", data()).assertNoStackTrace();
        assertTrue(r.err().contains("CANDIDATES RUN WITHOUT A SANDBOX"), r::describe);
        assertTrue(r.exitCode() != 0 && r.err().contains("ds-000000000000"), "then the unknown dataset\n" + r.describe());
    }
}
