package io.alp.evaluator.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alp.engine.model.Case;
import io.alp.engine.port.LlmClient;
import io.alp.engine.port.RunResult;
import io.alp.evaluator.gateway.GatewaySettings;
import io.alp.evaluator.gateway.MeteringGateway;
import io.alp.evaluator.llm.Protocol;
import io.alp.evaluator.llm.ProviderSpec;
import io.alp.evaluator.testkit.ScriptedLlmServer;
import io.alp.evaluator.testkit.ScriptedLlmServer.Reply;
import io.alp.evaluator.testkit.TestPrices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.alp.evaluator.runner.Agents.command;
import static io.alp.evaluator.runner.Agents.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayThroughSandboxTest {

    static final String REAL_KEY = "sk-real-openai-k3y-0123456789abcdef";
    static final ObjectMapper JSON = new ObjectMapper();

    /** Probes what it can reach and write (as the case's attributes ask), then calls a model through the gateway. */
    static final String PROBE = """
            import json, os, socket, sys, urllib.request
            case = json.load(sys.stdin)
            report = {"env": sorted(os.environ), "key": os.environ.get("OPENAI_API_KEY")}
            writes = {}
            for path in filter(None, case["attributes"].get("writes", "").split(",")):
                try:
                    with open(path, "w") as f:
                        f.write("x")
                    writes[path] = "written"
                except OSError as e:
                    writes[path] = type(e).__name__
            report["writes"] = writes
            connects = {}
            for target in filter(None, case["attributes"].get("connects", "").split(",")):
                host, port = target.rsplit(":", 1)
                s = socket.socket()
                s.settimeout(2)
                try:
                    s.connect((host, int(port)))
                    connects[target] = "connected"
                except OSError as e:
                    connects[target] = type(e).__name__
                finally:
                    s.close()
            report["connects"] = connects
            for d in ("/root", "/home"):
                try:
                    report[d] = sorted(os.listdir(d))
                except OSError as e:
                    report[d] = type(e).__name__
            body = {"model": "gpt-4o", "messages": [{"role": "user", "content": case["input"]}]}
            request = urllib.request.Request(os.environ["OPENAI_BASE_URL"] + "/chat/completions",
                                             data=json.dumps(body).encode(),
                                             headers={"Authorization": "Bearer " + os.environ["OPENAI_API_KEY"],
                                                      "Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=15) as response:
                reply = json.load(response)
            report["reply"] = reply["choices"][0]["message"]["content"]
            print(json.dumps({"output": json.dumps(report)}))
            """;

    Path tmp;
    Agents agents;
    ScriptedLlmServer upstream;
    MeteringGateway gateway;
    ServerSocket hostService;
    final TestPrices prices = new TestPrices().with("openai/gpt-4o-mini", 0.15, 0.60);

    @BeforeAll
    void start() throws Exception {
        tmp = Files.createTempDirectory("gateway-sandbox-test");
        agents = new Agents(tmp);
        upstream = ScriptedLlmServer.start(call -> Reply.text("pong:" + call.lastUserMessage(), 120, 30, 0));
        ProviderSpec openAi = new ProviderSpec("openai", Protocol.OPENAI, upstream.openAiBaseUrl(), "TEST_OPENAI_KEY",
                null, Duration.ofSeconds(10), 0);
        gateway = MeteringGateway.start(List.of(openAi), prices, Map.of("TEST_OPENAI_KEY", REAL_KEY)::get,
                new GatewaySettings(0, 0, Duration.ofSeconds(10), 1 << 20));
        hostService = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    @AfterAll
    void stop() throws Exception {
        hostService.close();
        gateway.close();
        upstream.close();
        agents.close();
        Workspaces.deleteTree(tmp);
    }

    ProcessRunner runner(String mode) {
        return new ProcessRunner(agents.store, agents.workspaces,
                command("python3", "probe.py").withModelMapFile("models.json"), Sandboxes.create(mode), gateway,
                "s1", prices, 0.25);
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "bwrap"})
    void agentReachesModelsThroughTheGatewayWhichMetersTheCalls(String mode) throws Exception {
        String commit = agents.candidate(Map.of("probe.py", PROBE, "models.json",
                "{\"gpt-4o\": \"openai/gpt-4o-mini\"}\n"));
        try (ProcessRunner runner = runner(mode)) {
            int before = upstream.calls().size();
            List<CompletableFuture<RunResult>> runs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                runs.add(runner.run(commit, new Case("c" + i, "ping" + i, Map.of())).toCompletableFuture());
            }
            double oneCall = prices.costUsd("openai/gpt-4o-mini", new LlmClient.Usage(120, 30, 0, 0));
            Set<String> replies = new TreeSet<>();
            for (CompletableFuture<RunResult> f : runs) {
                RunResult r = f.get(60, TimeUnit.SECONDS);
                assertNull(r.error(), r.error());
                JsonNode report = JSON.readTree(r.output());
                replies.add(report.get("reply").asText());
                assertEquals(oneCall, r.costUsd(), 1e-12, "the cost is the gateway's attribution");
                assertEquals(120, r.inputTokens());
                assertEquals(30, r.outputTokens());
                assertEquals(Set.of("ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", "HOME", "LANG", "OPENAI_API_KEY",
                        "OPENAI_BASE_URL", "PATH"), ProcessRunnerTest.names(report.get("env")));
                assertNotEquals(REAL_KEY, report.get("key").asText());
            }
            assertEquals(Set.of("pong:ping0", "pong:ping1", "pong:ping2"), replies);
            List<ScriptedLlmServer.Call> calls = upstream.calls().subList(before, upstream.calls().size());
            assertEquals(3, calls.size());
            for (ScriptedLlmServer.Call call : calls) {
                assertEquals("Bearer " + REAL_KEY, call.header("authorization"), "the upstream gets the real key");
                assertEquals("gpt-4o-mini", call.model(), "routed by the candidate's model map");
            }
        }
    }

    @Test
    void inTheSandboxTheAgentCanReachOnlyTheGatewayAndWriteOnlyItsWorktree() throws Exception {
        String commit = agents.candidate(Map.of("probe.py", PROBE, "models.json",
                "{\"gpt-4o\": \"openai/gpt-4o-mini\"}\n"));
        String store = agents.store.directory().resolve("x").toString();
        List<String> writes = List.of("/work_outside", "/etc/x", store, "inside", "/tmp/scratch");
        List<String> connects = List.of("127.0.0.1:5432", "127.0.0.1:" + hostService.getLocalPort(), "1.1.1.1:53",
                "10.11.12.13:80");
        try (ProcessRunner runner = runner("bwrap")) {
            RunResult r = run(runner, commit, new Case("c1", "hi", Map.of("writes", String.join(",", writes),
                    "connects", String.join(",", connects))));
            assertNull(r.error(), r.error());
            JsonNode report = JSON.readTree(r.output());
            JsonNode w = report.get("writes");
            for (String outside : List.of("/work_outside", "/etc/x", store)) {
                assertNotEquals("written", w.get(outside).asText(), outside + " must not be writable");
            }
            assertFalse(Files.exists(Path.of("/work_outside")));
            assertFalse(Files.exists(Path.of("/etc/x")));
            assertFalse(Files.exists(Path.of(store)));
            assertEquals("written", w.get("inside").asText());
            assertEquals("written", w.get("/tmp/scratch").asText());
            for (String target : connects) {
                assertNotEquals("connected", report.get("connects").get(target).asText(), target);
            }
            assertEquals(0, report.get("/root").size(), "the host's /root is hidden");
            assertEquals(List.of("agent"), List.of(report.get("/home").get(0).asText()));
            assertEquals(1, report.get("/home").size());
            assertEquals("pong:hi", report.get("reply").asText());
            assertEquals(0, agents.workspaces.casesOnDisk());
        }
    }

    @Test
    void aMalformedModelMapFailsTheCaseNamingTheFile() throws Exception {
        String broken = agents.candidate(Map.of("probe.py", PROBE, "models.json", "{\"gpt-4o\": \n"));
        String missing = agents.candidate(Map.of("probe.py", PROBE));
        String notStrings = agents.candidate(Map.of("probe.py", PROBE, "models.json", "{\"gpt-4o\": 4}"));
        int before = upstream.calls().size();
        try (ProcessRunner runner = runner("none")) {
            for (String commit : List.of(broken, missing, notStrings)) {
                RunResult r = run(runner, commit, new Case("c1", "hi", Map.of()));
                assertTrue(r.failed());
                assertTrue(r.error().contains("models.json"), r.error());
            }
        }
        assertEquals(before, upstream.calls().size());
    }

    @Test
    void bwrapModeNeedsBwrapOnThePath() {
        // here bwrap is installed: the mode works, and an unknown mode is refused
        assertEquals("bwrap", Sandboxes.create("bwrap").mode());
        assertEquals("bwrap", Sandboxes.create("auto").mode());
        assertThrows(IllegalArgumentException.class, () -> Sandboxes.create("docker"));
    }
}
