package io.alp.app.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code alp node} processes on this machine, for the cluster benchmark and tests: each a JVM on the current
 * classpath with its own canonical and management port, the first one the seed. Closing stops them all.
 */
public final class NodeProcesses implements AutoCloseable {

    /** A started node: its ports, its process, and where its output goes. */
    public record Node(String name, int port, int managementPort, Process process, Path log) {

        public boolean alive() {
            return process.isAlive();
        }
    }

    private final Path logDir;
    private final String classpath;
    private final List<String> jvmOptions;
    private final List<String> databaseArgs;
    private final List<Node> nodes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * @param databaseArgs the database options every node gets, e.g. {@code --db-url URL --db-user U}
     * @param jvmOptions   e.g. {@code -Xmx512m} or {@code -Dpekko.cluster.split-brain-resolver.stable-after=5s}
     */
    public NodeProcesses(Path logDir, List<String> databaseArgs, List<String> jvmOptions) {
        this.logDir = logDir;
        this.classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        this.databaseArgs = List.copyOf(databaseArgs);
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    /** The seed's address for {@code --seeds}, once the first node is started. */
    public String seeds() {
        return "127.0.0.1:" + nodes.get(0).port();
    }

    /** Starts a node; the first one started is the seed the others join. {@code extraArgs}: e.g. --workers N. */
    public Node start(String name, List<String> extraArgs) {
        int port = freePort();
        int management = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-Dalp.log.file=" + logDir.resolve(name + ".alp.log"));
        command.addAll(List.of("-cp", classpath, "io.alp.app.Main", "node", "--port", Integer.toString(port),
                "--management-port", Integer.toString(management)));
        if (!nodes.isEmpty()) {
            command.addAll(List.of("--seeds", seeds()));
        }
        command.addAll(databaseArgs);
        command.addAll(extraArgs);
        Path log = logDir.resolve(name + ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            Node node = new Node(name, port, management, process, log);
            nodes.add(node);
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node " + name, e);
        }
    }

    /** Waits until the node's management endpoint answers {@code /ready} with 200. */
    public void awaitReady(Node node, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!node.alive()) {
                throw new IllegalStateException("node " + node.name() + " exited with " + node.process().exitValue()
                        + "; the end of " + node.log() + ":\n" + tail(node.log()));
            }
            if (get(node, "/ready") == 200) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("node " + node.name() + " not ready after " + timeout + "; see " + node.log());
    }

    /** The last lines of a node's output, which a test's temporary directory does not outlive. */
    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(cannot read it: " + e.getMessage() + ")";
        }
    }

    /** The status code of a GET on the node's management endpoint, or -1 when it does not answer. */
    public int get(Node node, String path) {
        return request(node, path).map(HttpResponse::statusCode).orElse(-1);
    }

    /** The body of a GET on the node's management endpoint, or empty when it does not answer. */
    public String body(Node node, String path) {
        return request(node, path).map(HttpResponse::body).orElse("");
    }

    private Optional<HttpResponse<String>> request(Node node, String path) {
        try {
            return Optional.of(http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + node.managementPort() + path))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** SIGKILL: the node gets no chance to leave the cluster or flush anything. */
    public void kill(Node node) throws InterruptedException {
        node.process().destroyForcibly();
        node.process().waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        for (Node node : nodes) {
            node.process().destroy();
        }
        for (Node node : nodes) {
            try {
                if (!node.process().waitFor(15, TimeUnit.SECONDS)) {
                    node.process().destroyForcibly();
                }
            } catch (InterruptedException e) {
                node.process().destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
