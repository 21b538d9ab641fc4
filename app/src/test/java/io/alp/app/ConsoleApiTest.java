package io.alp.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.alp.actors.node.NodeEvent;
import io.alp.app.console.ConsoleServer;
import io.alp.app.console.ConsoleSettings;
import io.alp.app.console.NodeSessionControl;
import io.alp.app.session.SessionDatasets;
import io.alp.engine.model.Case;
import io.alp.engine.model.Dataset;
import io.alp.engine.traffic.Request;
import io.alp.traffic.store.DatasetReport;
import io.alp.cluster.NodeSettings;
import io.alp.engine.model.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.alp.app.ConsoleFixture.TOKEN;
import static io.alp.app.ConsoleFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console's JSON API over real HTTP on loopback, on one finished demo session and sessions it starts. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleApiTest {

    @TempDir
    static Path tmp;

    private ConsoleFixture console;

    @BeforeAll
    void start() {
        console = ConsoleFixture.start(tmp, TOKEN);
    }

    @AfterAll
    void stop() {
        console.close();
    }

    @Test
    void sessionsListStatusAndSpendAgainstBudget() {
        JsonNode list = ok(console.get("/api/sessions"));
        JsonNode row = find(list, "id", console.finished);
        JsonNode show = Alp.show(console.data, console.finished);
        assertEquals("stopped", row.get("status").asText());
        assertEquals(show.get("spentUsd").asDouble(), row.get("spentUsd").asDouble(), 1e-9);
        assertEquals(400.0, row.get("budgetUsd").asDouble(), 1e-9);
        assertEquals(show.get("nodes").asInt(), row.get("nodes").asInt());
    }

    @Test
    void detailAndTreeAgreeWithAlpShow() {
        HttpResponse<String> response = console.get("/api/sessions/" + console.finished);
        JsonNode detail = ok(response);
        JsonNode show = Alp.show(console.data, console.finished);
        assertTrue(response.headers().firstValue("Server-Timing").orElse("").startsWith("app;dur="));
        assertEquals(show.get("frontier"), detail.get("frontier"));
        assertEquals(show.get("baseline"), detail.get("baseline"));
        assertEquals(show.get("spentUsd"), detail.get("spentUsd"));
        assertFalse(detail.has("tree"), "the tree is its own resource");
        JsonNode timeline = detail.get("timeline");
        assertTrue(timeline.size() > 1, "a timeline of spend and frontier: " + timeline);
        JsonNode last = timeline.get(timeline.size() - 1);
        assertEquals(show.get("scored").asInt(), last.get("scored").asInt());
        for (int i = 1; i < timeline.size(); i++) {
            assertTrue(timeline.get(i).get("spentUsd").asDouble() >= timeline.get(i - 1).get("spentUsd").asDouble());
        }
        assertEquals(show.get("tree"), ok(console.get("/api/sessions/" + console.finished + "/tree")));
    }

    @Test
    void nodeDetailHasEveryRecordedCaseAndItsChangeAgainstTheParent() {
        String base = "/api/sessions/" + console.finished + "/nodes/";
        JsonNode tree = ok(console.get("/api/sessions/" + console.finished + "/tree"));
        JsonNode child = null;
        for (JsonNode n : tree) {
            if (!n.get("parent").isNull() && "scored".equals(n.get("status").asText())) {
                child = n;
                break;
            }
        }
        assertNotNull(child, "the demo scored a child node: " + tree);
        JsonNode node = ok(console.get(base + child.get("node").asText()));
        JsonNode parent = ok(console.get(base + child.get("parent").asText()));
        JsonNode cases = node.get("cases");
        assertEquals(child.get("cases").asInt(), cases.size(), "one row per case scored");
        int passes = 0;
        int changed = 0;
        Map<String, String> parentVerdicts = new HashMap<>();
        parent.get("cases").forEach(c -> parentVerdicts.put(c.get("caseId").asText(), c.get("verdict").asText()));
        Map<String, Outcome> journal = outcomes(child.get("node").asText());
        for (JsonNode c : cases) {
            String verdict = c.get("verdict").asText();
            Outcome recorded = journal.get(c.get("caseId").asText());
            assertEquals(recorded.pass(), verdict.equals("pass"), "the verdict is the journal's: " + c);
            assertEquals(recorded.reason(), c.get("reason").asText());
            assertEquals(recorded.inputTokens(), c.get("inputTokens").asLong());
            assertEquals(recorded.costUsd(), c.get("costUsd").asDouble(), 1e-12);
            assertTrue(c.has("error") && c.get("error").isNull(), "a judged case has no error: " + c);
            assertTrue(c.get("input").asText().length() > 0);
            passes += verdict.equals("pass") ? 1 : 0;
            String p = parentVerdicts.get(c.get("caseId").asText());
            assertEquals(p, c.get("parentVerdict").asText(null));
            changed += p != null && !p.equals(verdict) ? 1 : 0;
            assertEquals(p != null && !p.equals(verdict), c.get("changed").asBoolean());
        }
        assertEquals(Math.round(child.get("passRate").asDouble() * cases.size()), passes);
        assertEquals(changed, node.get("counts").get("changed").asInt());
        assertEquals("config", node.get("diff").get("kind").asText());
        assertTrue(node.get("diff").get("text").asText().contains(child.get("editClass").asText()),
                "the diff names the edit: " + node.get("diff"));
        JsonNode baseline = ok(console.get(base + "n0"));
        assertEquals("none", baseline.get("diff").get("kind").asText(), "the baseline has no parent to differ from");
        assertTrue(baseline.get("cases").findValues("parentVerdict").stream().allMatch(JsonNode::isNull));
    }

    @Test
    void unknownSessionNodeAndPathAre404WithAReason() {
        for (String path : List.of("/api/sessions/no-such-session", "/api/sessions/no-such-session/tree",
                "/api/sessions/no-such-session/events", "/api/sessions/" + console.finished + "/nodes/n99999",
                "/api/nothing-here")) {
            HttpResponse<String> r = console.get(path);
            assertEquals(404, r.statusCode(), path + ": " + r.body());
            assertTrue(json(r).get("error").asText().length() > 10, r.body());
        }
    }

    @Test
    void startingAndStoppingNeedTheToken() {
        String yaml = ConsoleFixture.slowSession("console-no-token", 0, 5);
        HttpResponse<String> missing = console.post("/api/sessions", yaml, null);
        assertEquals(401, missing.statusCode(), missing.body());
        assertEquals("Bearer", missing.headers().firstValue("WWW-Authenticate").orElse(""));
        assertEquals(401, console.post("/api/sessions", yaml, "wrong-token-0000000000").statusCode());
        assertEquals(401, console.post("/api/sessions/" + console.finished + "/stop", "", null).statusCode());
        assertEquals(404, console.get("/api/sessions/console-no-token").statusCode(), "nothing was started");
    }

    @Test
    void malformedYamlIs400NamingLineAndField() {
        HttpResponse<String> syntax = console.post("/api/sessions", "name: x\nworld: terminal\n  bad: [\n", TOKEN);
        assertEquals(400, syntax.statusCode(), syntax.body());
        assertEquals(3, json(syntax).get("line").asInt(), syntax.body());

        String negative = "name: x\nworld: terminal\noptimizer:\n  budgetUsd: -5\n";
        HttpResponse<String> field = console.post("/api/sessions", negative, TOKEN);
        assertEquals(400, field.statusCode(), field.body());
        JsonNode body = json(field);
        assertEquals(4, body.get("line").asInt());
        assertEquals("optimizer.budgetUsd", body.get("field").asText());
        assertTrue(body.get("error").asText().contains("line 4, field optimizer.budgetUsd"), field.body());

        HttpResponse<String> unknownField = console.post("/api/sessions", "world: terminal\nbudget: 5\n"
                + "optimizer:\n  budgetUsd: 5\n", TOKEN);
        assertEquals(400, unknownField.statusCode());
        assertEquals("budget", json(unknownField).get("field").asText(), unknownField.body());
    }

    @Test
    void aSessionStartedThroughTheApiStreamsItsEventsAndStops() throws Exception {
        String id = "console-api-live";
        HttpResponse<String> started = console.post("/api/sessions", ConsoleFixture.slowSession(id, 20, 400), TOKEN);
        assertEquals(201, started.statusCode(), started.body());
        assertEquals(id, json(started).get("id").asText());
        assertEquals(409, console.post("/api/sessions", ConsoleFixture.slowSession(id, 20, 400), TOKEN)
                .statusCode(), "the same id twice");

        List<String[]> events = new ArrayList<>();
        HttpRequest request = HttpRequest.newBuilder(console.uri("/api/sessions/" + id + "/events?after=0"))
                .timeout(Duration.ofSeconds(60)).GET().build();
        HttpResponse<InputStream> stream = console.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        assertEquals("text/event-stream", stream.headers().firstValue("Content-Type").orElse(""));
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            Map<String, String> fields = new HashMap<>();
            for (String line; (events.stream().filter(e -> e[0].equals("node")).count() < 3
                    || events.stream().noneMatch(e -> e[0].equals("spend"))) && (line = in.readLine()) != null; ) {
                int colon = line.indexOf(':');
                if (line.isEmpty()) {
                    if (fields.containsKey("event")) {
                        events.add(new String[]{fields.get("event"), fields.get("id"), fields.get("data")});
                    }
                    fields.clear();
                } else if (colon > 0) {
                    fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
                }
            }
        }
        assertTrue(events.stream().anyMatch(e -> e[0].equals("spend")), "spend events: " + events.size());
        long previous = 0;
        for (String[] e : events) {
            long seq = Long.parseLong(e[1]);
            assertTrue(seq >= previous, "event ids follow the journal");
            previous = seq;
        }
        JsonNode firstNode = Alp.JSON.readTree(events.stream().filter(e -> e[0].equals("node")).findFirst()
                .orElseThrow()[2]);
        assertEquals("n0", firstNode.get("node").asText(), "the baseline is scored first");
        assertTrue(firstNode.get("passRate").isNumber());

        HttpResponse<String> stop = console.post("/api/sessions/" + id + "/stop", "", TOKEN);
        assertEquals(200, stop.statusCode(), stop.body());
        assertTrue(json(stop).get("stoppedNow").asBoolean());
        JsonNode after = ok(console.get("/api/sessions/" + id));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (after.get("status").asText().equals("running") && System.nanoTime() < deadline) {
            Thread.sleep(200); // what was in flight settles first
            after = ok(console.get("/api/sessions/" + id));
        }
        assertEquals("stopped", after.get("status").asText(), after.toString());
        assertEquals("stopped_by_user", after.get("stopReason").asText());
    }

    @Test
    void crossOriginAndForeignHostRequestsAreRefused() throws Exception {
        HttpResponse<String> cross = console.send(HttpRequest.newBuilder(console.uri("/api/sessions"))
                .header("Origin", "http://evil.example").GET());
        assertEquals(403, cross.statusCode(), cross.body());
        assertTrue(cross.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
        HttpResponse<String> sameOrigin = console.send(HttpRequest.newBuilder(console.uri("/api/sessions"))
                .header("Origin", console.server.url()).GET());
        assertEquals(200, sameOrigin.statusCode(), "the dashboard's own requests pass");
        HttpResponse<String> site = console.send(HttpRequest.newBuilder(console.uri("/api/sessions"))
                .header("Sec-Fetch-Site", "cross-site").GET());
        assertEquals(403, site.statusCode());
        // a page on another name that resolves to 127.0.0.1 (DNS rebinding): the Host header gives it away
        assertTrue(rawGet("/api/sessions", "evil.example:" + console.server.port()).startsWith("HTTP/1.1 403"));
        assertTrue(rawGet("/api/sessions", "localhost:" + console.server.port()).startsWith("HTTP/1.1 200"));
    }

    @Test
    void noResponseCarriesTheTokenAndTheOpenApiDocumentDescribesEveryPath() {
        JsonNode doc = ok(console.get("/api/openapi.json"));
        assertEquals("3.1.0", doc.get("openapi").asText());
        for (String path : List.of("/api/sessions", "/api/sessions/{id}", "/api/sessions/{id}/tree",
                "/api/sessions/{id}/nodes/{node}", "/api/sessions/{id}/events", "/api/sessions/{id}/stop",
                "/api/datasets")) {
            assertTrue(doc.get("paths").has(path), path);
        }
        for (String path : List.of("/api/sessions", "/api/sessions/" + console.finished, "/api/datasets",
                "/api/sessions/" + console.finished + "/tree", "/api/sessions/" + console.finished + "/nodes/n0",
                "/", "/assets/session.js")) {
            HttpResponse<String> r = console.get(path);
            assertEquals(200, r.statusCode(), path);
            assertFalse(r.body().contains(TOKEN), path + " shows the token");
        }
        assertTrue(ok(console.get("/api/datasets")).isArray());
    }

    @Test
    void serveRefusesAnOpenAddressWithoutAToken() {
        Alp.Result open = Alp.run("serve", "--data", console.data, "--bind", "0.0.0.0", "--port", "0")
                .assertExit(UserError.BAD_INPUT).assertNoStackTrace();
        assertTrue(open.err().contains("--bind 0.0.0.0") && open.err().contains("--token-env"), open::describe);
        Alp.Result unset = Alp.run("serve", "--data", console.data, "--port", "0", "--token-env",
                "ALP_CONSOLE_TEST_TOKEN_THAT_IS_NOT_SET").assertExit(UserError.BAD_INPUT);
        assertTrue(unset.err().contains("is not set"), unset::describe);
    }

    @Test
    void datasetsListTheFrozenDatasets() {
        Dataset dataset = Dataset.freeze("console test", List.of(new Case("c1", "where is my order?", Map.of()),
                new Case("c2", "cancel it", Map.of())));
        List<Request> requests = dataset.cases().stream().map(c -> new Request(c.id(), "t-" + c.id(), null,
                Instant.parse("2026-11-01T00:00:00Z"), null, c.input(), "ok", List.of("m"), 1, 1, null, null, false,
                List.of(), List.of(), Map.of())).toList();
        SessionDatasets.open(NodeSettings.embedded(Path.of(console.data)))
                .save(dataset, "two questions", "improve: 2 cases", DatasetReport.none(), requests);
        JsonNode row = find(ok(console.get("/api/datasets")), "id", dataset.id());
        assertEquals(2, row.get("size").asInt());
        assertEquals("two questions", row.get("name").asText());
        assertTrue(row.get("createdAt").asText().startsWith("20"), row.toString());
    }

    @Test
    void anyAddressButLoopbackNeedsATokenForReadingToo() throws Exception {
        UserError refused = assertThrows(UserError.class,
                () -> ConsoleSettings.of("0.0.0.0", "--bind", 0, "--port", null));
        assertTrue(refused.getMessage().contains("--token-env"), refused.getMessage());
        ConsoleServer open = ConsoleServer.start(console.access.system(), console.access.reader(),
                new NodeSessionControl(NodeSettings.embedded(Path.of(console.data)), console.node, System.err, false),
                new ConsoleSettings("0.0.0.0", 0, TOKEN), Path.of(console.data));
        try {
            String url = "http://127.0.0.1:" + open.port();
            HttpResponse<String> anonymous = console.send(HttpRequest.newBuilder(URI.create(url + "/api/sessions")));
            assertEquals(401, anonymous.statusCode(), anonymous.body());
            assertEquals(200, console.send(HttpRequest.newBuilder(URI.create(url + "/api/sessions"))
                    .header("Authorization", "Bearer " + TOKEN)).statusCode());
            // a browser logs in once: the form sets an HttpOnly cookie that later requests carry
            HttpResponse<String> wrong = console.send(HttpRequest.newBuilder(URI.create(url + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("token=nope")));
            assertEquals(401, wrong.statusCode());
            HttpResponse<String> login = console.send(HttpRequest.newBuilder(URI.create(url + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("token=" + TOKEN)));
            assertEquals(303, login.statusCode());
            String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
            assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
            assertEquals(200, console.send(HttpRequest.newBuilder(URI.create(url + "/api/sessions"))
                    .header("Cookie", cookie.substring(0, cookie.indexOf(';')))).statusCode());
        } finally {
            open.close();
        }
    }

    @Test
    void onTheEmbeddedDatabaseASessionRunningElsewhereIsNotStoppedFromHere() throws Exception {
        String id = "console-api-elsewhere";
        assertEquals(201, console.post("/api/sessions", ConsoleFixture.slowSession(id, 50, 400), TOKEN)
                .statusCode());
        // a second console over the same database: to it, the session runs in another process
        ConsoleServer other = ConsoleServer.start(console.access.system(), console.access.reader(),
                new NodeSessionControl(NodeSettings.embedded(Path.of(console.data)), console.node, System.err, false),
                new ConsoleSettings("127.0.0.1", 0, TOKEN), Path.of(console.data));
        try {
            HttpResponse<String> refused = console.send(HttpRequest.newBuilder(
                    URI.create(other.url() + "/api/sessions/" + id + "/stop")).header("Authorization", "Bearer " + TOKEN)
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertEquals(409, refused.statusCode(), refused.body());
            assertTrue(json(refused).get("error").asText().contains("another process"), refused.body());
        } finally {
            other.close();
            assertEquals(200, console.post("/api/sessions/" + id + "/stop", "", TOKEN).statusCode());
        }
    }

    private Map<String, Outcome> outcomes(String node) {
        Map<String, Outcome> out = new HashMap<>();
        NodeEvent.recordedCases(console.access.reader().nodeEvents(console.finished, node).toCompletableFuture()
                .join()).forEach(r -> out.putIfAbsent(r.outcome().caseId(), r.outcome()));
        return out;
    }

    private String rawGet(String path, String host) throws Exception {
        try (Socket s = new Socket("127.0.0.1", console.server.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static JsonNode ok(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.body());
        return json(r);
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (n.get(field).asText().equals(value)) {
                return n;
            }
        }
        throw new AssertionError("no " + field + " = " + value + " in " + array);
    }
}
