package io.alp.app;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static io.alp.app.Alp.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code alp dataset sample / list / show} on a JSONL traffic log, and sessions whose cases come from traffic or
 * from a frozen dataset: what a user does to optimize against their own recent requests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatasetCommandTest {

    @TempDir
    static Path tmp;

    private Path data;
    private Path config;
    private String datasetId;

    /** 300 requests over the last three days, routes billing/shipping/returns 50/30/20, two malformed lines. */
    private static String trafficLog() {
        StringBuilder log = new StringBuilder();
        Instant now = Instant.now();
        for (int i = 0; i < 300; i++) {
            String route = i % 10 < 5 ? "billing" : i % 10 < 8 ? "shipping" : "returns";
            log.append(String.format("{\"id\":\"req-%03d\",\"trace_id\":\"%032x\",\"timestamp\":\"%s\","
                            + "\"input\":\"I am customer%d@example.com, question %d about %s\",\"output\":\"ok\","
                            + "\"model\":\"gpt-4o-mini\",\"input_tokens\":300,\"output_tokens\":40,"
                            + "\"attributes\":{\"route\":\"%s\"}}%n", i, i + 1,
                    now.minus(Duration.ofMinutes(13L * i + 1)), i, i, route, route));
            if (i == 10) {
                log.append("{\"id\": \"broken\", \"input\": \n");
            }
            if (i == 200) {
                log.append("{\"id\":\"no-input\"}\n");
            }
        }
        return log.toString();
    }

    private static Path write(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name), text, StandardCharsets.UTF_8);
    }

    @BeforeAll
    void sampleTheLog() throws IOException {
        write("traffic.jsonl", trafficLog());
        data = tmp.resolve("data");
        config = write("sample.yaml", """
                name: support last week
                source: {kind: jsonl, path: traffic.jsonl}
                policy:
                  kind: improve
                  size: 40
                  seed: 5
                  stratifyBy: route
                  window: {last: 7d}
                redact: [email]
                """);
        Alp.Result r = Alp.run("dataset", "sample", "--config", config.toString(), "--data", data.toString())
                .assertOk().assertNoStackTrace();
        assertTrue(r.out().startsWith("froze ds-"), r::describe);
        assertTrue(r.out().contains("skipped 2 malformed records"), r::describe);
        assertTrue(r.out().contains("traffic.jsonl line 12"), "names the file and line\n" + r.describe());
        datasetId = r.out().split("\\s+")[1].replace(":", "");
    }

    @Test
    void theFrozenDatasetIsStratifiedRedactedAndTraceable() {
        JsonNode shown = Alp.run("dataset", "show", datasetId, "--json", "--data", data.toString()).assertOk().json();
        JsonNode header = field(shown, "dataset");
        assertEquals(40, field(header, "size").asInt());
        assertEquals("support last week", field(header, "name").asText());
        JsonNode cases = field(shown, "cases");
        assertEquals(40, cases.size());
        Map<String, Integer> perRoute = new HashMap<>();
        for (JsonNode c : cases) {
            perRoute.merge(field(field(c, "attributes"), "route").asText(), 1, Integer::sum);
            assertFalse(field(c, "input").asText().contains("@example.com"), c.toString());
            assertTrue(field(c, "input").asText().contains("[EMAIL]"), c.toString());
            assertEquals(32, field(c, "traceId").asText().length(), c.toString());
            JsonNode call = field(c, "calls").get(0);
            assertEquals("gpt-4o-mini", field(call, "model").asText(), c.toString());
            assertEquals(300, field(call, "inputTokens").asInt(), c.toString());
            assertEquals(40, field(call, "outputTokens").asInt(), c.toString());
            assertFalse(field(c, "error").asBoolean(), c.toString());
            assertTrue(c.has("feedback") && c.has("sessionId") && c.has("costUsd"), c.toString());
        }
        assertEquals(Map.of("billing", 20, "shipping", 12, "returns", 8), perRoute);
        assertEquals(2, field(field(header, "report"), "malformed").asInt());
    }

    @Test
    void samplingAgainGivesTheSameDatasetAndListShowsItOnce() {
        JsonNode again = Alp.run("dataset", "sample", "--config", config.toString(), "--json", "--data",
                data.toString()).assertOk().json();
        assertEquals(datasetId, field(again, "id").asText());
        assertTrue(field(again, "alreadyExisted").asBoolean(), again::toString);
        assertEquals(2, field(field(again, "report"), "malformed").asInt(), "this run's report");
        JsonNode list = Alp.run("dataset", "list", "--json", "--data", data.toString()).assertOk().json();
        int listed = 0;
        for (JsonNode d : list) {
            listed += field(d, "id").asText().equals(datasetId) ? 1 : 0;
        }
        assertEquals(1, listed, list.toString());
        Alp.Result plain = Alp.run("dataset", "list", "--data", data.toString()).assertOk();
        assertTrue(plain.out().contains(datasetId) && plain.out().contains("40 cases"), plain::describe);
    }

    @Test
    void aSessionRunsOnAFrozenDatasetOrOnTrafficSampledAtItsStart() throws IOException {
        String optimizer = """
                world: support
                optimizer: {budgetUsd: 40, maxNodes: 20}
                simulation: {latencyMs: 0}
                """;
        Path byId = write("by-id.yaml", "id: on-frozen\n" + optimizer + "dataset: {id: " + datasetId + "}\n");
        Alp.run("run", byId.toString(), "--data", data.toString(), "--report", tmp.resolve("a.html").toString())
                .assertOk().assertNoStackTrace();
        JsonNode onFrozen = Alp.show(data.toString(), "on-frozen");
        assertEquals(40, field(onFrozen, "cases").asInt());
        assertTrue(field(onFrozen, "nodes").asInt() > 1, "it searched: " + onFrozen);

        Path byTraffic = write("by-traffic.yaml", "id: on-traffic\n" + optimizer + """
                traffic:
                  source: {kind: jsonl, path: traffic.jsonl}
                  policy: {kind: debug, size: 25, seed: 2, window: {last: 7d}}
                  redact: [email]
                """);
        Alp.Result run = Alp.run("run", byTraffic.toString(), "--data", data.toString(), "--report",
                tmp.resolve("b.html").toString()).assertOk().assertNoStackTrace();
        assertTrue(run.err().contains("dataset ds-") && run.err().contains("25 cases"), run::describe);
        assertEquals(25, field(Alp.show(data.toString(), "on-traffic"), "cases").asInt());
        boolean listed = false;
        for (JsonNode d : Alp.run("dataset", "list", "--json", "--data", data.toString()).assertOk().json()) {
            listed |= field(d, "size").asInt() == 25 && field(d, "policy").asText().startsWith("debug");
        }
        assertTrue(listed, "the session's dataset is listed");
    }

    @Test
    void badInputIsNamedAndStoresNothing() throws IOException {
        Path other = tmp.resolve("other-data");
        Path wrongFormat = write("wrong-format.yaml", """
                source: {kind: otlp, path: traffic.jsonl}
                policy: {kind: improve, size: 10}
                """);
        Alp.Result r = Alp.run("dataset", "sample", "--config", wrongFormat.toString(), "--data", other.toString());
        r.assertExit(1).assertNoStackTrace();
        assertTrue(r.err().contains("traffic.jsonl"), r::describe);
        assertEquals(0, Alp.run("dataset", "list", "--json", "--data", other.toString()).assertOk().json().size());

        Path badPolicy = write("bad-policy.yaml", """
                source: {kind: jsonl, path: traffic.jsonl}
                policy:
                  kind: sometimes
                """);
        r = Alp.run("dataset", "sample", "--config", badPolicy.toString(), "--data", other.toString());
        r.assertExit(1).assertNoStackTrace();
        assertTrue(r.err().contains(badPolicy + " line 3, field policy.kind"), r::describe);

        r = Alp.run("dataset", "show", "ds-nope", "--data", data.toString());
        r.assertExit(2).assertNoStackTrace();
        assertTrue(r.err().contains("no dataset with id 'ds-nope'"), r::describe);

        Path missingDataset = write("missing-dataset.yaml", """
                world: terminal
                optimizer: {budgetUsd: 50}
                dataset: {id: ds-000000000000}
                """);
        r = Alp.run("run", missingDataset.toString(), "--data", data.toString(), "--report",
                tmp.resolve("c.html").toString());
        r.assertExit(2).assertNoStackTrace();
        assertTrue(r.err().contains("ds-000000000000"), r::describe);
    }
}
