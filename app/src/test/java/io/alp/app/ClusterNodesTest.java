package io.alp.app;

import io.alp.engine.testkit.TestPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static io.alp.app.Alp.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two real {@code alp node} processes on one PostgreSQL schema form a cluster; their management endpoints answer
 * over HTTP; a client in this JVM submits a session with {@code alp run --seeds ... --detach} and leaves; the
 * nodes run the session to its end; {@code alp show} and {@code alp sessions} read it with {@code --db-url}; and
 * a node sent SIGTERM leaves the cluster gracefully.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterNodesTest {

    private static final String PASSWORD_ENV = "ALP_TEST_DB_PASSWORD";
    private static final Duration READY_WITHIN = Duration.ofSeconds(60);

    @TempDir
    static Path tmp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Process> children = new ArrayList<>();
    private String schema;
    private String url;

    @BeforeAll
    void freshSchema() throws Exception {
        assumeTrue(TestPostgres.available(), "no PostgreSQL on " + TestPostgres.URL);
        schema = TestPostgres.createSchema();
        url = TestPostgres.url(schema);
    }

    @AfterAll
    void killTheNodes() throws InterruptedException {
        for (Process p : children) {
            p.destroyForcibly();
        }
        for (Process p : children) {
            p.waitFor(30, TimeUnit.SECONDS);
        }
        TestPostgres.dropSchema(schema);
    }

    @Test
    void twoNodesRunASessionADetachedClientSubmitted() throws Exception {
        int[] ports = freePorts(4);
        int portA = ports[0];
        int portB = ports[1];
        int managementA = ports[2];
        int managementB = ports[3];
        String seeds = "127.0.0.1:" + portA + ",127.0.0.1:" + portB;

        // the first seed first; the second may start at once: it keeps asking the seeds until it is let in
        Process a = startNode("a", "--port", Integer.toString(portA), "--seeds", seeds, "--management-port",
                Integer.toString(managementA), "--workers", "2");
        Process b = startNode("b", "--port", Integer.toString(portB), "--seeds", seeds, "--management-port",
                Integer.toString(managementB), "--role", "all");
        long readyAt = System.nanoTime();
        awaitReady("a", a, managementA);
        awaitReady("b", b, managementB);
        System.out.printf("both nodes ready %.1f s after they were started%n", (System.nanoTime() - readyAt) / 1e9);

        assertEquals(200, get(managementA, "/alive").statusCode());
        assertEquals("node alp@127.0.0.1:" + portA + " up: roles sessions, evaluators; management http://127.0.0.1:"
                + managementA, firstLine("a"));
        assertEquals("node alp@127.0.0.1:" + portB + " up: roles sessions, evaluators; management http://127.0.0.1:"
                + managementB, firstLine("b"));
        JsonNode members = awaitMembers(managementA, m -> upMembers(m).size() == 2);
        List<String> both = Stream.of("pekko://alp@127.0.0.1:" + portA, "pekko://alp@127.0.0.1:" + portB).sorted()
                .toList();
        assertEquals(both, upMembers(members), members::toString);

        Path session = Files.writeString(tmp.resolve("session.yaml"), """
                name: cluster test
                world: support
                seed: 11
                dataset: {size: 20}
                optimizer: {budgetUsd: 20, maxNodes: 10}
                simulation: {latencyMs: 5}
                """, StandardCharsets.UTF_8);
        long submitted = System.nanoTime();
        Alp.Result run = Alp.run(db("run", session.toString(), "--seeds", seeds, "--detach")).assertOk()
                .assertNoStackTrace();
        String id = run.sessionId();
        assertTrue(run.out().contains("running on the cluster; follow it with: alp show " + id), run::describe);
        System.out.printf("alp run --detach took %.1f s%n", (System.nanoTime() - submitted) / 1e9);

        JsonNode shown = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            shown = Alp.run(db("show", id, "--json")).assertOk().json();
            if ("stopped".equals(field(shown, "status").asText())) {
                break;
            }
            Thread.sleep(300);
        }
        assertEquals("stopped", field(shown, "status").asText(), "the cluster finished the session: " + shown);
        assertTrue(field(shown, "spentUsd").asDouble() > 0 && field(shown, "spentUsd").asDouble() <= 20, shown::toString);
        assertTrue(field(shown, "nodes").asInt() > 1, shown::toString);
        System.out.printf("the session stopped %.1f s after it was submitted%n", (System.nanoTime() - submitted) / 1e9);

        JsonNode listed = null;
        for (JsonNode s : Alp.run(db("sessions", "--json")).assertOk().json()) {
            if (id.equals(field(s, "id").asText())) {
                listed = s;
            }
        }
        assertTrue(listed != null && "stopped".equals(field(listed, "status").asText()), "listed: " + listed);
        JsonNode replay = Alp.run(db("replay", id, "--json")).assertOk().json();
        assertTrue(field(field(replay, "replay"), "discrepancies").isEmpty(), replay::toString);

        // the client left: it was removed, not downed, so nothing is left unreachable
        JsonNode after = awaitMembers(managementA, m -> m.get("members").size() == 2 && m.get("unreachable").isEmpty());
        assertEquals(both, upMembers(after), after::toString);
        assertTrue(log("a").contains("2 evaluator pool(s) in the cluster"), "node a saw both pools");

        // SIGTERM: node b leaves gracefully and a keeps going alone, with no unreachable member to down
        b.destroy();
        assertTrue(b.waitFor(40, TimeUnit.SECONDS), "node b ended after SIGTERM");
        assertTrue(Files.readString(tmp.resolve("b.out")).contains("node alp@127.0.0.1:" + portB
                + " leaving the cluster"), "node b said it was leaving");
        JsonNode alone = awaitMembers(managementA, m -> m.get("members").size() == 1
                && m.get("unreachable").isEmpty());
        assertEquals(List.of("pekko://alp@127.0.0.1:" + portA), upMembers(alone));
        assertEquals(200, get(managementA, "/ready").statusCode());
    }

    /** Alive is not ready: a node whose seeds do not answer serves /alive but not /ready (cluster membership). */
    @Test
    void aNodeThatCannotJoinIsAliveButNotReady() throws Exception {
        int[] ports = freePorts(3);
        Process c = startNode("c", "--port", Integer.toString(ports[0]), "--seeds", "127.0.0.1:" + ports[1],
                "--management-port", Integer.toString(ports[2]));
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (true) {
            try {
                if (get(ports[2], "/alive").statusCode() == 200) {
                    break;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (!c.isAlive() || System.nanoTime() > deadline) {
                fail("node c never served /alive\n" + output("c"));
            }
            Thread.sleep(250);
        }
        HttpResponse<String> ready = get(ports[2], "/ready");
        assertEquals(500, ready.statusCode(), ready::body);
        assertTrue(ready.body().contains("ClusterMembershipCheck"), ready::body);
        assertEquals("", firstLine("c"), "no 'up' line before the node is a member");
        c.destroyForcibly();
    }

    private String[] db(String... args) {
        return Stream.concat(Stream.of(args), Stream.of("--db-url", url, "--db-user", TestPostgres.USER))
                .toArray(String[]::new);
    }

    /** An {@code alp node} JVM with this test's classpath; the password reaches it by an environment variable. */
    private Process startNode(String name, String... args) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Dalp.log.file=" + tmp.resolve(name + ".log"),
                "-cp", classpath, Main.class.getName(), "node"));
        command.addAll(List.of(args));
        command.addAll(List.of("--db-url", url, "--db-user", TestPostgres.USER, "--db-password-env", PASSWORD_ENV));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(tmp.resolve(name + ".out").toFile())
                .redirectError(tmp.resolve(name + ".err").toFile());
        builder.environment().put(PASSWORD_ENV, "unused-with-trust-authentication");
        Process p = builder.start();
        children.add(p);
        return p;
    }

    private void awaitReady(String name, Process node, int managementPort) throws Exception {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (!node.isAlive()) {
                fail("node " + name + " exited with " + node.exitValue() + "\n" + output(name));
            }
            try {
                if (get(managementPort, "/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        fail("node " + name + " was not ready within " + READY_WITHIN.toSeconds() + " s\n" + output(name));
    }

    private JsonNode awaitMembers(int managementPort, Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonNode members = null;
        while (System.nanoTime() < deadline) {
            members = Alp.JSON.readTree(get(managementPort, "/cluster/members").body());
            if (condition.test(members)) {
                return members;
            }
            Thread.sleep(250);
        }
        fail("/cluster/members never showed what was expected; last: " + members);
        return members;
    }

    private static List<String> upMembers(JsonNode members) {
        List<String> up = new ArrayList<>();
        members.get("members").forEach(m -> {
            if ("Up".equals(m.get("status").asText())) {
                up.add(m.get("node").asText());
            }
        });
        up.sort(String::compareTo);
        return up;
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String firstLine(String name) throws IOException {
        return Files.readString(tmp.resolve(name + ".out")).lines().findFirst().orElse("");
    }

    private static String log(String name) throws IOException {
        Path log = tmp.resolve(name + ".log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private static String output(String name) {
        try {
            return "--- " + name + " stdout:\n" + Files.readString(tmp.resolve(name + ".out")) + "--- stderr:\n"
                    + Files.readString(tmp.resolve(name + ".err"));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    private static int[] freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                sockets.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }
}
