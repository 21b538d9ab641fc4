package io.alp.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.alp.app.console.ConsoleServer;
import io.alp.app.console.ConsoleSettings;
import io.alp.app.console.LazyNode;
import io.alp.app.console.NodeSessionControl;
import io.alp.cluster.JournalAccess;
import io.alp.cluster.NodeSettings;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static io.alp.app.Alp.field;

/**
 * A console on loopback over a data directory that holds one small finished demo session, wired as
 * {@code alp serve --token-env} wires it: reads through a journal reader, starts and stops through a node this
 * process starts on first use. Requests go over real HTTP.
 */
final class ConsoleFixture implements AutoCloseable {

    static final String TOKEN = "console-test-token-7f3a9c";

    final Path dir;
    final String data;
    final String finished;
    final JournalAccess access;
    final LazyNode node;
    final ConsoleServer server;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private ConsoleFixture(Path dir, String data, String finished, JournalAccess access, LazyNode node,
                           ConsoleServer server) {
        this.dir = dir;
        this.data = data;
        this.finished = finished;
        this.access = access;
        this.node = node;
        this.server = server;
    }

    static ConsoleFixture start(Path dir, String token) {
        String data = dir.resolve("data").toString();
        // logging starts here, not inside the captured command (its start-up notes would land in the JSON)
        org.slf4j.LoggerFactory.getLogger(ConsoleFixture.class).info("console fixture in {}", dir);
        Alp.Result demo = Alp.run("demo", "--cases", "30", "--budget", "400", "--json", "--data", data,
                "--report", dir.resolve("report.html").toString()).assertOk();
        String id = demo.out().startsWith("{") ? field(demo.json(), "id").asText() : demo.sessionId();
        NodeSettings settings = NodeSettings.embedded(Path.of(data));
        JournalAccess access = JournalAccess.open(settings);
        LazyNode node = new LazyNode(settings);
        ConsoleServer server = ConsoleServer.start(access.system(), access.reader(),
                new NodeSessionControl(settings, node, System.err, false), new ConsoleSettings("127.0.0.1", 0, token),
                Path.of(data));
        return new ConsoleFixture(dir, data, id, access, node, server);
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    HttpResponse<String> post(String path, String body, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b);
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return Alp.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    URI uri(String path) {
        return URI.create(server.url() + path);
    }

    /**
     * A session YAML on the simulated world that runs for a while: each evaluation takes {@code latencyMs}, and
     * the search grows up to {@code maxNodes} nodes.
     */
    static String slowSession(String id, int latencyMs, int maxNodes) {
        return "id: " + id + "\nname: console live test\nworld: terminal\nseed: 3\ndataset:\n  size: 20\n"
                + "optimizer:\n  budgetUsd: 100000\n  branching: 2\n  parallelRounds: 1\n  stallRounds: 1000\n"
                + "  maxNodes: " + maxNodes + "\nsimulation:\n  latencyMs: " + latencyMs + "\n";
    }

    @Override
    public void close() {
        server.close();
        node.close();
        access.close();
    }
}
