package io.alp.evaluator.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alp.engine.model.Case;
import io.alp.engine.port.RunResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.alp.evaluator.runner.Agents.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Candidates written to do harm, run by a real {@link ProcessRunner}: the data directory and the agent's repository
 * sit outside {@code /tmp} (as they do for most users), a Unix socket listens beside them, and the agent tries to
 * read, connect, fork, fill and outlive its case.
 */
class HostileAgentTest {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Reports what it could see, read and connect to; the paths come in the case's attributes. */
    static final String SNOOP = """
            import json, os, socket, sys
            case = json.load(sys.stdin)
            a = case["attributes"]
            def readable(p):
                try:
                    with open(p, "rb") as f:
                        f.read(16)
                    return True
                except OSError:
                    return False
            def connects(p):
                s = socket.socket(socket.AF_UNIX)
                s.settimeout(2)
                try:
                    s.connect(p)
                    return True
                except OSError:
                    return False
                finally:
                    s.close()
            def listing(d):
                try:
                    return sorted(os.listdir(d))
                except OSError:
                    return []
            found = {"shadow": readable("/etc/shadow"), "answers": readable(a["answers"]),
                     "store": os.path.exists(a["store"]), "workspaces": os.path.exists(a["workspaces"]),
                     "socket": connects(a["socket"]), "postgres": connects("/run/postgresql/.s.PGSQL.5432"),
                     "run": listing("/run"), "var": listing("/var"), "root": sorted(os.listdir("/")),
                     "etc": listing("/etc")}
            print(json.dumps({"output": json.dumps(found)}))
            """;

    /** Forks sleeping children until refused; reports how many it got. */
    static final String FORKS = """
            import json, os, sys, time
            sys.stdin.read()
            n = 0
            try:
                for i in range(2000):
                    if os.fork() == 0:
                        time.sleep(30)
                        os._exit(0)
                    n += 1
            except OSError:
                pass
            print(json.dumps({"output": str(n)}))
            """;

    /** Writes to /tmp and to its home until refused; reports the bytes each took. */
    static final String FILLS = """
            import json, os, sys
            sys.stdin.read()
            chunk = b"x" * (1 << 20)
            took = {}
            for d in ("/tmp", os.environ["HOME"]):
                n = 0
                try:
                    with open(os.path.join(d, "fill"), "wb") as f:
                        for i in range(2048):
                            f.write(chunk)
                            f.flush()
                            n += len(chunk)
                except OSError:
                    pass
                took[d] = n
            print(json.dumps({"output": json.dumps(took)}))
            """;

    /** Leaves a grandchild in a session of its own that keeps touching a file, then answers at once. */
    static final String ORPHAN = """
            import json, os, sys, time
            case = json.load(sys.stdin)
            beat = case["attributes"]["heartbeat"]
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    for fd in (0, 1, 2):
                        os.close(fd)
                    while True:
                        with open(beat, "a") as f:
                            f.write(".")
                        time.sleep(0.05)
                os._exit(0)
            os.wait()
            time.sleep(0.3)
            print(json.dumps({"output": "left one behind"}))
            """;

    Path outside;
    Agents agents;

    @BeforeEach
    void setUp() throws Exception {
        // outside /tmp, as a user's data directory usually is; short, for the socket's sake
        outside = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "h");
        agents = new Agents(outside);
    }

    @AfterEach
    void tearDown() throws Exception {
        agents.close();
        Workspaces.deleteTree(outside);
    }

    @Test
    void inBwrapTheAgentSeesNoHostSocketNoDataDirectoryAndNoSecret() throws Exception {
        assumeTrue(Processes.find("bwrap").isPresent(), "bwrap is not installed (CI installs it)");
        Path answers = Files.writeString(outside.resolve("answers.jsonl"), "{\"expected\": \"42\"}\n");
        Path socketPath = outside.resolve("s.sock");
        AtomicInteger accepted = new AtomicInteger();
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(socketPath));
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        SocketChannel c = listener.accept();
                        accepted.incrementAndGet();
                        c.close();
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            // the listener answers from outside a sandbox: the probe itself works
            try (SocketChannel self = SocketChannel.open(UnixDomainSocketAddress.of(socketPath))) {
                assertTrue(self.isConnected());
            }

            String commit = agents.candidate(Map.of("snoop.py", SNOOP));
            try (ProcessRunner runner = agents.runner(Agents.command("python3", "snoop.py"), "bwrap", null)) {
                RunResult r = run(runner, commit, new Case("c1", "x", Map.of("answers", answers.toString(),
                        "store", agents.store.directory().toString(), "workspaces",
                        agents.workspaces.root().toString(), "socket", socketPath.toString())));
                assertNull(r.error(), r.error());
                JsonNode found = JSON.readTree(r.output());
                assertFalse(found.get("shadow").asBoolean(), "/etc/shadow is readable");
                assertFalse(found.get("answers").asBoolean(), "a file of the data directory is readable");
                assertFalse(found.get("store").asBoolean(), "the source store is visible");
                assertFalse(found.get("workspaces").asBoolean(), "the workspaces are visible");
                assertFalse(found.get("socket").asBoolean(), "a host Unix socket is reachable");
                assertFalse(found.get("postgres").asBoolean(), "PostgreSQL's socket is reachable");
                assertEquals(List.of(), strings(found.get("run")), "/run is visible");
                assertEquals(List.of(), strings(found.get("var")), "/var is visible");
                assertFalse(strings(found.get("etc")).contains("shadow"), found.get("etc").toString());
                assertTrue(strings(found.get("etc")).contains("passwd"), found.get("etc").toString());
            }
            assertEquals(1, accepted.get(), "only the test's own probe may have connected");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "bwrap"})
    void aForkBombIsBounded(String mode) throws Exception {
        assumeTrue(mode.equals("none") || Processes.find("bwrap").isPresent(), "bwrap is not installed");
        String commit = agents.candidate(Map.of("forks.py", FORKS));
        CommandAgent agent = Agents.command("python3", "forks.py").withLimits(new ResourceLimits(0, 0, 16));
        try (ProcessRunner runner = agents.runner(agent, mode, null)) {
            long start = System.nanoTime();
            RunResult r = run(runner, commit, Agents.kase("c1", "x"));
            if (r.failed()) {
                // the runner counted the tree (where the kernel cannot) and ended it
                assertEquals("started more than 16 processes", r.error());
            } else {
                assertTrue(Integer.parseInt(r.output()) < 16, "forked " + r.output() + " children");
            }
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 15,
                    "the case must end without waiting for its children");
        }
    }

    @Test
    void theSandboxTmpAndHomeAreBounded() throws Exception {
        assumeTrue(Processes.find("bwrap").isPresent(), "bwrap is not installed (CI installs it)");
        String commit = agents.candidate(Map.of("fills.py", FILLS));
        CommandAgent agent = Agents.command("python3", "fills.py").withLimits(new ResourceLimits(0, 0, 0, 16, 0));
        try (ProcessRunner runner = agents.runner(agent, "bwrap", null)) {
            RunResult r = run(runner, commit, Agents.kase("c1", "x"));
            assertNull(r.error(), r.error());
            JsonNode took = JSON.readTree(r.output());
            assertTrue(took.size() == 2, took.toString());
            took.fields().forEachRemaining(e -> assertTrue(e.getValue().asLong() <= 16L << 20,
                    e.getKey() + " took " + e.getValue() + " bytes"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "bwrap"})
    void nothingTheCaseStartedOutlivesIt(String mode) throws Exception {
        assumeTrue(mode.equals("none") || Processes.find("bwrap").isPresent(), "bwrap is not installed");
        Path beat = outside.resolve("heartbeat");
        // a name of its own, to find the orphan among the host's processes whichever namespace it runs in
        String script = "orphan-" + System.nanoTime() + ".py";
        String commit = agents.candidate(Map.of(script, ORPHAN));
        try (ProcessRunner runner = agents.runner(Agents.command("python3", script), mode, null)) {
            RunResult r = run(runner, commit, new Case("c1", "x", Map.of("heartbeat",
                    mode.equals("none") ? beat.toString() : "/tmp/work/heartbeat")));
            assertNull(r.error(), r.error());
            if (mode.equals("none")) {
                assertTrue(Files.size(beat) > 0, "the orphan never ran");
                Thread.sleep(300);
                long before = Files.size(beat);
                Thread.sleep(700);
                assertEquals(before, Files.size(beat), "a process the case left behind is still running");
            }
            Thread.sleep(300);
            assertFalse(ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().orElse("").contains(script)),
                    "a process of the case is still alive on the host");
        }
    }

    @Test
    void withoutACgroupTheCasesPidNamespaceEndsWhatItLeftBehind() throws Exception {
        assumeTrue(UnsandboxedSandbox.pidNamespace().isPresent(), "this user cannot make a PID namespace here");
        Path work = Files.createDirectories(outside.resolve("work"));
        Files.writeString(work.resolve("orphan.py"), ORPHAN);
        Path beat = outside.resolve("heartbeat");
        Confinement rlimitsOnly = new Confinement(new ResourceLimits(10, 0, 0), java.util.Optional.empty(),
                Processes.find("prlimit"), false);
        Sandbox.Started started = new UnsandboxedSandbox().start(new Sandbox.Launch(
                List.of("python3", "orphan.py"), work, work, Map.of(), rlimitsOnly, 0, List.of(), List.of()));
        try (started) {
            try (var in = started.process().getOutputStream()) {
                in.write(("{\"id\": \"c1\", \"input\": \"x\", \"attributes\": {\"heartbeat\": \"" + beat
                        + "\"}}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            assertTrue(started.process().waitFor(20, java.util.concurrent.TimeUnit.SECONDS));
            assertTrue(Files.size(beat) > 0, "the orphan never ran");
            started.killAll();
        }
        Thread.sleep(300);
        long before = Files.size(beat);
        Thread.sleep(700);
        assertEquals(before, Files.size(beat), "a process the case left behind is still running");
    }

    private static List<String> strings(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
