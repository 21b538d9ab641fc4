package io.alp.evaluator.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alp.engine.model.Case;
import io.alp.engine.port.RunResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.alp.evaluator.runner.Agents.command;
import static io.alp.evaluator.runner.Agents.kase;
import static io.alp.evaluator.runner.Agents.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcessRunnerTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static final String ECHO = """
            import json, os, sys
            raw = sys.stdin.read()
            case = json.loads(raw)
            seen = os.path.exists("marker.txt")
            files = sorted(os.listdir("."))
            with open("marker.txt", "w") as f:
                f.write(case["id"])
            print(json.dumps({"output": json.dumps({"raw": raw, "seen": seen, "cwd": os.getcwd(),
                                                    "env": sorted(os.environ), "home": os.environ.get("HOME"),
                                                    "files": files})}))
            """;

    @TempDir
    Path tmp;
    Agents agents;

    @BeforeEach
    void setUp() {
        agents = new Agents(tmp);
    }

    @AfterEach
    void tearDown() {
        agents.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "bwrap"})
    void wellBehavedAgentGetsTheCaseOnStdinInAFreshWorktreeAndAnswers(String mode) throws Exception {
        String commit = agents.candidate(Map.of("agent.py", ECHO, "prompts/system.md", "Be brief.\n"));
        try (ProcessRunner runner = agents.runner(command("python3", "agent.py"), mode, null)) {
            List<JsonNode> answers = new ArrayList<>();
            for (String id : List.of("c1", "c2")) {
                RunResult r = run(runner, commit, new Case(id, "hello \"" + id + "\"", Map.of("route", "a")));
                assertNull(r.error(), r.error());
                answers.add(JSON.readTree(r.output()));
            }
            assertEquals("{\"id\":\"c1\",\"input\":\"hello \\\"c1\\\"\",\"attributes\":{\"route\":\"a\"}}",
                    answers.get(0).get("raw").asText());
            for (JsonNode a : answers) {
                assertFalse(a.get("seen").asBoolean(), "a file an earlier case wrote is gone");
                assertEquals(List.of("agent.py", "prompts"), strings(a.get("files")));
                // nothing of the JVM's environment: only what the runner sets
                assertEquals(List.of("HOME", "LANG", "PATH"), strings(a.get("env")));
                Path home = Path.of(a.get("home").asText());
                if (mode.equals("none")) {
                    assertFalse(Files.exists(Path.of(a.get("cwd").asText())), "the worktree is deleted");
                    assertFalse(Files.exists(home), "the home is deleted with the case");
                } else {
                    assertEquals(BwrapSandbox.WORKTREE, a.get("cwd").asText());
                }
            }
            assertEquals(0, agents.workspaces.casesOnDisk());
            assertEquals(0.25, runner.maxCostPerCaseUsd(commit));
        }
    }

    @Test
    void whatASuccessfulAgentWritesOnStderrIsKeptWithItsOutcomeByItsTail() throws Exception {
        String commit = agents.candidate(Map.of("README", "chatty\n"));
        String script = "for i in $(seq 1 200); do echo \"debug line $i\" >&2; done; echo '{\"output\": \"ok\"}'";
        try (ProcessRunner runner = agents.runner(command("sh", "-c", script), "none", null)) {
            RunResult r = run(runner, commit, new Case("c1", "hi", Map.of()));
            assertNull(r.error(), r.error());
            assertEquals("ok", r.output());
            assertTrue(r.stderrTail().endsWith("debug line 200"), r.stderrTail());
            assertFalse(r.stderrTail().contains("debug line 1\n"), "only the tail is kept");
            assertTrue(r.stderrTail().length() <= ProcessRunner.KEPT_STDERR_CHARS + 3, "" + r.stderrTail().length());
        }
        String quiet = agents.candidate(Map.of("README", "quiet\n"));
        try (ProcessRunner runner = agents.runner(command("sh", "-c", "echo '{\"output\": \"ok\"}'"), "none", null)) {
            assertNull(run(runner, quiet, new Case("c1", "hi", Map.of())).stderrTail());
        }
    }

    @Test
    void hangingAgentIsKilledAtItsTimeoutWithItsGrandchildren() throws Exception {
        Path pidFile = tmp.resolve("grandchild.pid");
        String commit = agents.candidate(Map.of("README", "hangs\n"));
        CommandAgent agent = command("sh", "-c", "sleep 60 & echo $! > " + pidFile + "; sleep 60")
                .withTimeout(Duration.ofSeconds(1));
        try (ProcessRunner runner = agents.runner(agent, "none", null)) {
            long start = System.nanoTime();
            RunResult r = run(runner, commit, kase("c1", "x"));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals("timed out after 1s", r.error());
            assertTrue(millis < 5000, "took " + millis + " ms");
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            ProcessHandle grandchild = ProcessHandle.of(pid).orElse(null);
            assertTrue(grandchild == null || !grandchild.isAlive() || waitDead(grandchild),
                    "the background sleep was killed too");
        }
    }

    @Test
    void hangingAgentInTheSandboxIsKilledAtItsTimeout() throws Exception {
        String commit = agents.candidate(Map.of("README", "hangs\n"));
        CommandAgent agent = command("sh", "-c", "sleep 60 & sleep 60").withTimeout(Duration.ofSeconds(1));
        try (ProcessRunner runner = agents.runner(agent, "bwrap", null)) {
            long start = System.nanoTime();
            RunResult r = run(runner, commit, kase("c1", "x"));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals("timed out after 1s", r.error());
            assertTrue(millis < 5000, "took " + millis + " ms");
            assertEquals(0, agents.workspaces.casesOnDisk());
        }
    }

    private static boolean waitDead(ProcessHandle p) throws InterruptedException {
        for (int i = 0; i < 40 && !dead(p); i++) {
            Thread.sleep(50);
        }
        return dead(p);
    }

    /** Gone, or a zombie waiting to be reaped by whoever inherited it. */
    private static boolean dead(ProcessHandle p) {
        if (!p.isAlive()) {
            return true;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException e) {
            return true;
        }
    }

    @Test
    void crashKeepsStderrNonJsonFailsAndOversizeOutputIsCapped() throws Exception {
        String commit = agents.candidate(Map.of("big.py", "import sys\nsys.stdout.write('{\"output\": \"' + "
                + "'x' * 2000000 + '\"}')\n"));
        try (ProcessRunner crash = agents.runner(command("sh", "-c",
                "cat > /dev/null; echo 'Traceback: boom in step 2' >&2; exit 3"), "none", null);
             ProcessRunner prose = agents.runner(command("sh", "-c",
                     "echo 'Sure! Here is the answer'; echo 'warning: no JSON' >&2"), "none", null);
             ProcessRunner big = agents.runner(command("python3", "big.py").withMaxOutputBytes(1000), "none",
                     null)) {
            RunResult crashed = run(crash, commit, kase("c1", "x"));
            assertTrue(crashed.failed());
            assertEquals("exited with 3: Traceback: boom in step 2", crashed.error());

            RunResult notJson = run(prose, commit, kase("c1", "x"));
            assertEquals("printed no JSON object on stdout: Sure! Here is the answer; stderr: warning: no JSON",
                    notJson.error());

            long start = System.nanoTime();
            RunResult capped = run(big, commit, kase("c1", "x"));
            assertEquals("output over the 1000-byte cap", capped.error());
            assertEquals("", capped.output());
            assertTrue((System.nanoTime() - start) / 1_000_000 < 5000);
        }
    }

    @Test
    void nonStringOutputIsKeptAsJsonAndLogLinesBeforeTheAnswerAreSkipped() throws Exception {
        String commit = agents.candidate(Map.of("a.sh", """
                echo 'loading model...'
                echo '{"output": {"answer": 42}}'
                """));
        try (ProcessRunner runner = agents.runner(command("sh", "a.sh"), "none", null)) {
            RunResult r = run(runner, commit, kase("c1", "x"));
            assertNull(r.error());
            assertEquals("{\"answer\":42}", r.output());
        }
    }

    @Test
    void usageTheAgentReportsIsPriced() throws Exception {
        String commit = agents.candidate(Map.of("a.py", """
                import json, sys
                case = json.load(sys.stdin)
                if case["input"] == "tokens":
                    usage = {"model": "openai/gpt-4o-mini", "inputTokens": 1000, "outputTokens": 500}
                elif case["input"] == "dollars":
                    usage = {"costUsd": 0.0125}
                else:
                    usage = {"model": "acme/unpriced", "inputTokens": 10, "outputTokens": 5}
                print(json.dumps({"output": "ok", "usage": usage}))
                """));
        try (ProcessRunner runner = agents.runner(command("python3", "a.py"), "none", null)) {
            RunResult tokens = run(runner, commit, kase("c1", "tokens"));
            assertNull(tokens.error());
            assertEquals(1000, tokens.inputTokens());
            assertEquals(500, tokens.outputTokens());
            assertEquals((1000 * 0.15 + 500 * 0.60) / 1e6, tokens.costUsd(), 1e-12);

            RunResult dollars = run(runner, commit, kase("c2", "dollars"));
            assertNull(dollars.error());
            assertEquals(0.0125, dollars.costUsd(), 1e-12);

            RunResult unpriced = run(runner, commit, kase("c3", "unpriced"));
            assertEquals("reported usage of model acme/unpriced, which has no price", unpriced.error());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "bwrap"})
    void tooMuchMemoryFails(String mode) throws Exception {
        String commit = agents.candidate(Map.of("a.py", """
                import json, sys
                sys.stdin.read()
                hog = bytearray(600 * 1024 * 1024)
                print(json.dumps({"output": "allocated %d" % len(hog)}))
                """));
        CommandAgent agent = command("python3", "a.py").withLimits(new ResourceLimits(10, 200, 0));
        try (ProcessRunner runner = agents.runner(agent, mode, null)) {
            RunResult r = run(runner, commit, kase("c1", "x"));
            assertTrue(r.failed(), "allocation beyond the limit must fail: " + r);
            // an rlimit makes the allocation fail; a cgroup kills the process that went over
            assertTrue(r.error().startsWith("exited with 1: ") && r.error().contains("MemoryError")
                    || r.error().contains("it ran into the memory limit"), r.error());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "bwrap"})
    void tooManyProcessesFail(String mode) throws Exception {
        String commit = agents.candidate(Map.of("fork.sh", """
                i=0
                while [ $i -lt 40 ]; do sleep 30 & i=$((i+1)); done
                wait
                """));
        CommandAgent agent = command("sh", "fork.sh").withLimits(new ResourceLimits(0, 0, 8));
        try (ProcessRunner runner = agents.runner(agent, mode, null)) {
            long start = System.nanoTime();
            RunResult r = run(runner, commit, kase("c1", "x"));
            // counted by the runner, or refused by the kernel (a cgroup's pids.max)
            assertTrue(r.error().equals("started more than 8 processes")
                    || r.error().contains("it ran into the process limit (8)"), r.error());
            assertTrue((System.nanoTime() - start) / 1_000_000 < 5000);
        }
    }

    @Test
    void noneModeRunsTheSameProtocolWithoutBwrap() throws Exception {
        Sandbox sandbox = Sandboxes.create("none");
        assertEquals("none", sandbox.mode());
        // a command that is still running when looked at, started by the sandbox the mode chose
        try (Sandbox.Started started = sandbox.start(new Sandbox.Launch(List.of("sleep", "30"), tmp, tmp,
                Map.of(), null, 0, List.of(), List.of()))) {
            try {
                String command = started.process().info().command().orElseThrow();
                assertFalse(command.contains("bwrap"), command);
            } finally {
                Processes.killTree(started.process());
            }
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static Set<String> names(JsonNode array) {
        return new TreeSet<>(strings(array));
    }
}
