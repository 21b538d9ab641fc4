package io.alp.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.alp.actors.runtime.WorldRegistry;
import io.alp.app.cluster.NodeProcesses;
import io.alp.app.session.SessionConfig;
import io.alp.app.session.SessionRunner;
import io.alp.engine.model.Dataset;
import io.alp.engine.port.World;
import io.alp.engine.testkit.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.alp.app.Alp.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Three real node processes on the local PostgreSQL form a cluster; 20 concurrent simulated sessions on two worlds
 * complete; then 20 more complete although one node is killed with SIGKILL mid-run. For every session: its frozen
 * dataset is the one a single-node run with the same seed freezes, every case is recorded once per node, its ledger
 * equals the sum of its charges and stays within its budget (checked by {@code alp replay} from the journal).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterAcceptanceTest {

    private static final int SESSIONS = 20;
    private static final Duration COMPLETION = Duration.ofMinutes(6);

    @TempDir
    static Path tmp;

    private String schema;
    private String url;
    private NodeProcesses nodes;
    private final Map<String, Path> configs = new HashMap<>();

    private List<String> db() {
        return List.of("--db-url", url, "--db-user", TestPostgres.USER);
    }

    private String[] args(String... first) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(db());
        return all.toArray(String[]::new);
    }

    @BeforeAll
    void startThreeNodes() throws Exception {
        schema = TestPostgres.createSchema();
        url = TestPostgres.url(schema);
        nodes = new NodeProcesses(tmp, db(), List.of("-Xmx384m", "-XX:+UseSerialGC"));
        nodes.awaitReady(nodes.start("node1", List.of()), Duration.ofSeconds(60));
        var node2 = nodes.start("node2", List.of());
        var node3 = nodes.start("node3", List.of());
        nodes.awaitReady(node2, Duration.ofSeconds(60));
        nodes.awaitReady(node3, Duration.ofSeconds(60));
    }

    @AfterAll
    void stop() throws Exception {
        if (nodes != null) {
            nodes.close();
        }
        TestPostgres.dropSchema(schema);
    }

    /** Session {@code c-3} is the one a user stops: it is given enough room to run until then. */
    private static final String STOPPED = "c-3";

    /** Half on the support world, half on the terminal world, each with its own seed. */
    /** Starts them all through one client: {@code alp run A.yaml B.yaml ... --seeds ... --detach}. */
    private void submit(String prefix) throws IOException {
        List<String> run = new ArrayList<>(List.of("run"));
        for (int i = 0; i < SESSIONS; i++) {
            String id = prefix + "-" + i;
            boolean support = i % 2 == 0;
            Path config = Files.writeString(tmp.resolve(id + ".yaml"), """
                    id: %s
                    world: %s
                    seed: %d
                    dataset: {size: 30}
                    optimizer: {budgetUsd: %d, maxNodes: %d, stallRounds: %d, branching: 3, parallelRounds: 2}
                    simulation: {latencyMs: 20}
                    """.formatted(id, support ? "support" : "terminal", 100 + i,
                    id.equals(STOPPED) ? 1_000_000 : support ? 40 : 450, id.equals(STOPPED) ? 2000 : 14,
                    id.equals(STOPPED) ? 2000 : 16));
            configs.put(id, config);
            run.add(config.toString());
        }
        run.addAll(List.of("--seeds", nodes.seeds(), "--detach"));
        Alp.Result submitted = Alp.run(args(run.toArray(String[]::new))).assertOk().assertNoStackTrace();
        assertEquals(SESSIONS, submitted.out().lines().filter(l -> l.startsWith("session " + prefix + "-")).count(),
                submitted::describe);
    }

    private Map<String, JsonNode> sessions(String prefix) {
        Map<String, JsonNode> mine = new HashMap<>();
        for (JsonNode s : Alp.run(args("sessions", "--json")).assertOk().json()) {
            if (field(s, "id").asText().startsWith(prefix + "-")) {
                mine.put(field(s, "id").asText(), s);
            }
        }
        return mine;
    }

    private void awaitStopped(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + COMPLETION.toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, JsonNode> mine = sessions(prefix);
            mine.values().forEach(s -> assertFalse(field(s, "status").asText().equals("failed"), s.toString()));
            if (mine.size() == SESSIONS && mine.values().stream()
                    .allMatch(s -> field(s, "status").asText().equals("stopped"))) {
                return;
            }
            Thread.sleep(2000);
        }
        fail("sessions " + prefix + "-* did not all stop in " + COMPLETION + ": " + sessions(prefix).values());
    }

    private void assertInvariants(String prefix) {
        WorldRegistry worlds = new WorldRegistry(SessionRunner.WORLDS);
        for (int i = 0; i < SESSIONS; i++) {
            String id = prefix + "-" + i;
            JsonNode replay = Alp.run(args("replay", id, "--json")).assertOk().json();
            assertEquals(0, field(field(replay, "replay"), "discrepancies").size(), id + ": " + replay.get("replay"));
            assertTrue(field(replay, "spentUsd").asDouble() <= field(replay, "budgetUsd").asDouble() + 1e-9, id);
            assertTrue(field(replay, "nodes").asInt() > 1, id + " searched");

            var spec = SessionConfig.load(configs.get(id)).spec();
            World world = worlds.world(spec.world());
            Dataset single = Dataset.freeze(world.cases().describe(),
                    world.cases().sample(spec.datasetSize(), spec.seed()));
            assertEquals(single.id(), field(replay, "datasetId").asText(), id + ": the single-node dataset");
        }
    }

    @Test
    @Order(1)
    void twentyConcurrentSessionsCompleteOnThreeNodes() throws Exception {
        submit("c");
        // one session stopped by its user does not disturb the others
        Alp.run(args("stop", STOPPED, "--seeds", nodes.seeds())).assertOk().assertNoStackTrace();
        awaitStopped("c");
        assertInvariants("c");
        JsonNode stopped = Alp.run(args("show", STOPPED, "--json")).assertOk().json();
        assertTrue(field(stopped, "stopReason").asText().contains("user"), stopped.toString());
        long stoppedByUser = sessions("c").values().stream()
                .filter(s -> field(s, "stopReason").asText().contains("user")).count();
        assertEquals(1, stoppedByUser, "only the session that was stopped");
        assertTrue(nodes.body(nodes.nodes().get(0), "/cluster/members").contains("127.0.0.1:"
                + nodes.nodes().get(2).port()), "three members");
    }

    @Test
    @Order(2)
    void sessionsCompleteWithNothingLostWhenANodeIsKilledMidRun() throws Exception {
        submit("k");
        long running = sessions("k").values().stream()
                .filter(s -> field(s, "status").asText().equals("running")).count();
        assertTrue(running > 0, "sessions are running when the node dies");
        nodes.kill(nodes.nodes().get(2));
        awaitStopped("k");
        assertInvariants("k");
        assertEquals(200, nodes.get(nodes.nodes().get(0), "/ready"), "the survivors are a cluster");
    }
}
