package io.alp.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.alp.actors.node.NodeEvent;
import io.alp.actors.session.SessionActor;
import io.alp.cluster.JournalAccess;
import io.alp.cluster.NodeSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.alp.app.Alp.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reading commands ({@code show}, {@code replay}, {@code sessions}, {@code tree}) on one small finished session,
 * with the JSON field names the README promises to other tools.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadCommandsTest {

    private static final int CASES = 30;
    private static final double BUDGET = 400;

    @TempDir
    static Path tmp;

    private String data;
    private String id;
    private JsonNode show;
    private Alp.Result demo;

    @BeforeAll
    void runASmallSession() {
        data = tmp.resolve("data").toString();
        demo = Alp.run("demo", "--cases", Integer.toString(CASES), "--budget", Double.toString(BUDGET), "--json",
                "--data", data, "--report", tmp.resolve("report.html").toString()).assertOk();
        id = demo.out().startsWith("{") ? field(demo.json(), "id").asText() : demo.sessionId();
        show = Alp.show(data, id);
    }

    @Test
    void demoWithJsonPrintsOneJsonDocumentOnStdout() {
        // README: --json on demo, run and resume prints the final session summary as JSON; a tool reading stdout
        // must be able to parse it (progress belongs on stderr then)
        JsonNode summary = demo.json();
        assertEquals(id, field(summary, "id").asText());
        assertEquals(field(show, "spentUsd"), field(summary, "spentUsd"), "the summary is the final state");
        assertEquals(field(show, "frontier"), field(summary, "frontier"));
    }

    @Test
    void showJsonHasTheDocumentedShape() {
        assertEquals(id, field(show, "id").asText());
        assertEquals("stopped", field(show, "status").asText());
        assertTrue(field(show, "stopReason").isTextual(), "a stopped session says why: " + show.get("stopReason"));
        assertEquals(BUDGET, field(show, "budgetUsd").asDouble(), 1e-9);
        double spent = field(show, "spentUsd").asDouble();
        assertTrue(spent > 0 && spent <= BUDGET, "spent " + spent + " of " + BUDGET);
        assertTrue(field(show, "simulated").asBoolean());
        JsonNode tree = field(show, "tree");
        assertEquals(field(show, "nodes").asInt(), tree.size(), "nodes counts the tree");
        assertTrue(tree.size() > 1, "the search grew a tree: " + tree.size());

        JsonNode baseline = field(show, "baseline");
        assertPoint(baseline);
        JsonNode root = null;
        for (JsonNode row : tree) {
            if (field(row, "parent").isNull()) {
                root = row;
            }
        }
        assertNotNull(root, "the tree has a root");
        assertEquals(field(root, "node").asText(), field(baseline, "node").asText(), "the baseline is the root");
        assertTrue(field(baseline, "edits").isEmpty(), "the baseline has no edits");

        JsonNode frontier = field(show, "frontier");
        assertFalse(frontier.isEmpty(), "a finished session has a frontier");
        Map<String, JsonNode> rows = new HashMap<>();
        tree.forEach(r -> rows.put(field(r, "node").asText(), r));
        for (JsonNode p : frontier) {
            assertPoint(p);
            JsonNode row = rows.get(field(p, "node").asText());
            assertNotNull(row, "a frontier node is in the tree: " + p);
            assertTrue(field(row, "onFrontier").asBoolean(), "the tree marks frontier nodes: " + row);
            assertEquals(field(row, "passRate").asDouble(), field(p, "passRate").asDouble(), 1e-12);
            assertEquals(field(row, "costPerCase").asDouble(), field(p, "costPerCase").asDouble(), 1e-12);
            assertEquals(CASES, field(row, "cases").asInt(), "a frontier node was scored on every case: " + row);
        }
        for (JsonNode a : frontier) {
            for (JsonNode b : frontier) {
                assertFalse(dominates(a, b), "frontier node " + a + " dominates frontier node " + b);
            }
        }
    }

    @Test
    void replayAgreesWithShowAndFindsNoDiscrepancy() {
        Alp.Result result = Alp.run("replay", id, "--json", "--data", data).assertOk();
        JsonNode replay = result.json();
        for (String f : new String[]{"id", "status", "stopReason", "spentUsd", "budgetUsd", "nodes"}) {
            assertEquals(field(show, f), field(replay, f), "replay and show agree on " + f);
        }
        for (String f : new String[]{"node", "passRate", "costPerCase"}) {
            assertEquals(field(field(show, "baseline"), f), field(field(replay, "baseline"), f),
                    "replay and show agree on baseline." + f);
        }
        JsonNode showFrontier = field(show, "frontier");
        JsonNode replayFrontier = field(replay, "frontier");
        assertEquals(showFrontier.size(), replayFrontier.size(), "frontier sizes");
        for (int i = 0; i < showFrontier.size(); i++) {
            for (String f : new String[]{"node", "passRate", "costPerCase", "edits"}) {
                assertEquals(field(showFrontier.get(i), f), field(replayFrontier.get(i), f), "frontier[" + i + "]." + f);
            }
        }
        assertEquals(field(show, "tree"), field(replay, "tree"), "replay rebuilds the same tree");

        JsonNode r = field(replay, "replay");
        assertTrue(field(r, "discrepancies").isArray(), "discrepancies is a list");
        assertTrue(field(r, "discrepancies").isEmpty(), "no discrepancies: " + r);
        assertTrue(field(r, "frontierChecked").asBoolean(), "the recorded frontier was checked: " + r);
        long total = field(r, "totalEvents").asLong();
        assertTrue(total > 1, "the session has events: " + r);
        assertEquals(total, field(r, "events").asLong(), "a full replay reads every event");
        int scored = 0;
        for (JsonNode row : field(show, "tree")) {
            if (!field(row, "passRate").isNull()) {
                scored++;
            }
        }
        assertTrue(field(r, "outcomesRecorded").asInt() >= scored * CASES,
                "every scored node's cases were recorded: " + r + " for " + scored + " scored nodes");

        Alp.Result text = Alp.run("replay", id, "--data", data).assertOk();
        assertTrue(text.out().contains("journal consistent"), text::describe);
        assertTrue(text.out().contains("replayed " + total + " of " + total + " session events"), text::describe);
    }

    @Test
    void replayAtAnEarlierEventShowsAnEarlierTree() {
        JsonNode full = field(Alp.run("replay", id, "--json", "--data", data).assertOk().json(), "replay");
        long total = field(full, "totalEvents").asLong();

        JsonNode first = Alp.run("replay", id, "--at", "1", "--json", "--data", data).assertOk().json();
        assertEquals(1, field(field(first, "replay"), "events").asLong());
        assertEquals(total, field(field(first, "replay"), "totalEvents").asLong());
        assertEquals(1, field(first, "nodes").asInt(), "after its first event a session holds only its baseline");
        assertEquals("running", field(first, "status").asText(), "after its first event the session was running");
        assertEquals(0.0, field(first, "spentUsd").asDouble(), "nothing was spent before the first event");

        int at = 6;
        JsonNode early = Alp.run("replay", id, "--at", Integer.toString(at), "--json", "--data", data)
                .assertOk().json();
        assertEquals(at, field(field(early, "replay"), "events").asLong());
        assertTrue(field(early, "nodes").asInt() < field(show, "nodes").asInt(),
                "fewer nodes after " + at + " events: " + field(early, "nodes") + " vs " + field(show, "nodes"));
        assertTrue(field(early, "spentUsd").asDouble() <= field(show, "spentUsd").asDouble());
        assertTrue(field(field(early, "replay"), "discrepancies").isEmpty(), "no discrepancies midway: " + early);
    }

    @Test
    void replayAtZeroEventsIsBadInputNotAnUnknownSession() {
        for (String at : new String[]{"0", "-1"}) {
            Alp.Result r = Alp.run("replay", id, "--at", at, "--data", data);
            r.assertNoStackTrace();
            assertFalse(r.err().contains("no session with id"), () -> "the session exists; the problem is --at "
                    + at + "\n" + r.describe());
            r.assertExit(1);
            assertTrue(r.err().contains("--at"), r::describe);
        }
    }

    @Test
    void sessionsListsTheSession() {
        JsonNode list = Alp.run("sessions", "--json", "--data", data).assertOk().json();
        assertTrue(list.isArray(), "sessions --json prints an array: " + list);
        JsonNode mine = null;
        for (JsonNode s : list) {
            if (id.equals(field(s, "id").asText())) {
                mine = s;
            }
        }
        assertNotNull(mine, "the session is listed: " + list);
        for (String f : new String[]{"id", "name", "status", "stopReason", "world", "simulated", "spentUsd",
                "budgetUsd", "nodes"}) {
            assertTrue(mine.has(f), "sessions --json has '" + f + "': " + mine);
        }
        assertEquals("stopped", field(mine, "status").asText());
        assertEquals(field(show, "world").asText(), field(mine, "world").asText());
        assertTrue(field(mine, "world").asText().contains("terminal"), "the world is named: " + mine);
        assertEquals(field(show, "spentUsd").asDouble(), field(mine, "spentUsd").asDouble(), 1e-9);
        assertEquals(BUDGET, field(mine, "budgetUsd").asDouble(), 1e-9);
        assertEquals(field(show, "nodes").asInt(), field(mine, "nodes").asInt());
        assertTrue(field(mine, "simulated").asBoolean());

        Alp.Result text = Alp.run("sessions", "--data", data).assertOk();
        assertTrue(text.lines().stream().anyMatch(l -> l.startsWith(id) && l.contains("stopped")
                && l.contains("(simulated)")), text::describe);
    }

    @Test
    void treePrintsEveryNodeUnderItsParent() {
        JsonNode tree = field(show, "tree");
        Alp.Result result = Alp.run("tree", id, "--data", data).assertOk();
        List<String> lines = result.lines();
        assertTrue(lines.get(0).startsWith("SIMULATED"), result::describe);
        Map<String, Integer> indent = new HashMap<>();
        Map<String, String> lineOf = new HashMap<>();
        // children skipped for the same reason share a line: "  3 children skipped (n7 ... n9): why"
        java.util.regex.Pattern shared = java.util.regex.Pattern.compile(
                "^\\s*(\\d+) children skipped \\((\\S+) \\.\\.\\. (\\S+)\\): .+$");
        int sharedLines = 0;
        int inSharedLines = 0;
        for (String line : lines.subList(1, lines.size())) {
            java.util.regex.Matcher m = shared.matcher(line);
            if (m.matches()) {
                sharedLines++;
                inSharedLines += Integer.parseInt(m.group(1));
                continue;
            }
            String node = line.trim().split(" ")[0];
            assertTrue(indent.put(node, line.indexOf(node)) == null, "node " + node + " printed once\n"
                    + result.describe());
            lineOf.put(node, line);
        }
        assertEquals(tree.size(), lines.size() - 1 - sharedLines + inSharedLines,
                () -> "every node on a line of its own or counted on a shared one\n" + result.describe());
        for (JsonNode row : tree) {
            String node = field(row, "node").asText();
            if (!indent.containsKey(node)) {
                assertEquals("skipped", field(row, "status").asText(), () -> "node " + node + " is printed\n"
                        + result.describe());
                continue;
            }
            JsonNode parent = field(row, "parent");
            if (parent.isNull()) {
                assertEquals(0, indent.get(node), "the root is not indented");
                assertTrue(lineOf.get(node).contains("baseline"), lineOf.get(node));
            } else {
                assertEquals(indent.get(parent.asText()) + 2, indent.get(node),
                        "node " + node + " is indented under its parent " + parent.asText());
            }
            if (field(row, "onFrontier").asBoolean()) {
                assertTrue(lineOf.get(node).contains("*frontier*"), lineOf.get(node));
            }
        }

        JsonNode json = Alp.run("tree", id, "--json", "--data", data).assertOk().json();
        assertEquals(tree, json, "tree --json is show's tree");
        Set<String> ids = new HashSet<>();
        json.forEach(r -> ids.add(field(r, "node").asText()));
        json.forEach(r -> assertTrue(field(r, "parent").isNull() || ids.contains(field(r, "parent").asText()), "" + r));
    }

    @Test
    void showAsTextLabelsTheSimulationAndShowsTheBaseline() {
        Alp.Result text = Alp.run("show", id, "--data", data).assertOk();
        assertTrue(text.out().startsWith("SIMULATED: "), text::describe);
        String baseline = field(field(show, "baseline"), "node").asText();
        assertTrue(text.lines().stream().anyMatch(l -> l.startsWith(baseline + " ") && l.contains("baseline")),
                text::describe);
    }

    /**
     * A node the session picks as a parent expands, pruned or not (a pruned node may be the only one passing some
     * cases): no expansion round comes back empty at no cost, which is what a refused expansion looks like and
     * which would count as a round in which the frontier did not move.
     */
    @Test
    void everyExpansionRoundIsAnswered() throws Exception {
        try (JournalAccess access = JournalAccess.open(NodeSettings.embedded(Path.of(data)))) {
            List<SessionActor.Event> events = access.reader().sessionEvents(id, Long.MAX_VALUE)
                    .toCompletableFuture().get(60, TimeUnit.SECONDS);
            Map<String, String> parentOf = new HashMap<>();
            List<String> refused = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                if (events.get(i) instanceof SessionActor.ExpansionOpened e) {
                    parentOf.put(e.decision().roundId(), e.decision().parentId());
                } else if (events.get(i) instanceof SessionActor.ProposalsReceived p && p.children().isEmpty()
                        && p.costUsd() == 0 && parentOf.containsKey(p.roundId())) {
                    refused.add("event " + (i + 1) + ": round " + p.roundId() + " on " + parentOf.get(p.roundId())
                            + " came back empty, at no cost");
                }
            }
            assertFalse(parentOf.isEmpty(), "the session expanded nothing");
            assertTrue(refused.isEmpty(), String.join("\n  ", refused));
        }
    }

    /** Every dollar an evaluation cost is in the ledger: the evaluation spend is what the recorded outcomes were charged (a cached outcome is free). */
    @Test
    void evaluationSpendIsWhatTheRecordedOutcomesCost() throws Exception {
        try (JournalAccess access = JournalAccess.open(NodeSettings.embedded(Path.of(data)))) {
            double recorded = 0;
            StringBuilder perNode = new StringBuilder();
            for (JsonNode row : field(show, "tree")) {
                String node = field(row, "node").asText();
                double cost = 0;
                int cases = 0;
                for (NodeEvent.CaseRecorded c : NodeEvent.recordedCases(access.reader().nodeEvents(id, node)
                        .toCompletableFuture().get(60, TimeUnit.SECONDS))) {
                    cost += c.chargedUsd();
                    cases++;
                }
                recorded += cost;
                if (cases > 0 && field(row, "passRate").isNull()) {
                    perNode.append(String.format("%n  %s (%s): %d outcomes recorded, $%.4f, not scored", node,
                            field(row, "status").asText(), cases, cost));
                }
            }
            double microDollarPerCharge = 1e-6 * (1 + field(show, "nodes").asInt());
            assertEquals(recorded, field(show, "evaluationUsd").asDouble(), microDollarPerCharge,
                    "the ledger's evaluation spend vs the recorded outcomes' cost" + perNode);
        }
    }

    private static void assertPoint(JsonNode p) {
        for (String f : new String[]{"node", "passRate", "costPerCase", "edits"}) {
            assertTrue(p.has(f), "a point has '" + f + "': " + p);
        }
        double pass = field(p, "passRate").asDouble();
        assertTrue(pass >= 0 && pass <= 1, "pass-rate is a fraction: " + p);
        assertTrue(field(p, "costPerCase").asDouble() > 0, "cost is dollars per case: " + p);
        assertTrue(field(p, "edits").isArray(), "edits is a list: " + p);
    }

    /** By the estimated pass-rates the frontier is chosen on. */
    private static boolean dominates(JsonNode a, JsonNode b) {
        double pa = field(a, "estimatedPassRate").asDouble();
        double pb = field(b, "estimatedPassRate").asDouble();
        double ca = a.get("costPerCase").asDouble();
        double cb = b.get("costPerCase").asDouble();
        return pa >= pb && ca <= cb && (pa > pb || ca < cb);
    }
}
