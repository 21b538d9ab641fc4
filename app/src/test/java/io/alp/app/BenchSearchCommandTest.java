package io.alp.app;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.alp.app.Alp.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code alp bench search}: ALP and three baselines at one budget on a simulated world, scored by its oracle. */
class BenchSearchCommandTest {

    private static final List<String> METHODS = List.of("alp", "alp-full", "random", "greedy", "gepa");

    @Test
    void jsonHasARowPerMethodAndSeedWithTheDocumentedFields() {
        JsonNode rows = Alp.run("bench", "search", "--world", "support", "--budget", "40", "--seeds", "2",
                "--cases", "40", "--json").assertOk().json();
        assertEquals(2 * METHODS.size(), rows.size(), rows.toString());
        Set<String> seen = new HashSet<>();
        for (JsonNode row : rows) {
            Set<String> names = new HashSet<>();
            row.fieldNames().forEachRemaining(names::add);
            Set<String> documented = new HashSet<>(Set.of("world", "method", "seed", "hypervolumeRatio",
                    "bestPassRate", "cheapestNearBestUsd", "spentUsd", "evaluationUsd", "evaluations",
                    "reportedTrueGap", "frontierMoves", "budgetUsd", "oracleBestPassRate", "bestEvaluatedPassRate",
                    "missing"));
            if (field(row, "method").asText().startsWith("alp")) {
                documented.add("stopReason"); // why its session stopped; the baselines run until their budget is spent
                assertTrue(Set.of("budget_exhausted", "frontier_stalled", "no_candidates", "max_nodes")
                        .contains(field(row, "stopReason").asText()), row.toString());
            }
            assertEquals(documented, names);
            seen.add(field(row, "method").asText() + "/" + field(row, "seed").asLong());
            double hv = field(row, "hypervolumeRatio").asDouble();
            assertTrue(hv > 0 && hv <= 1 + 1e-9, "a share of the oracle's hypervolume: " + row);
            assertTrue(field(row, "spentUsd").asDouble() <= 40 + 1e-9, "within the budget: " + row);
            assertTrue(field(row, "evaluationUsd").asDouble() <= field(row, "spentUsd").asDouble() + 1e-9,
                    "evaluations are part of what was spent: " + row);
            double bestEvaluated = field(row, "bestEvaluatedPassRate").asDouble();
            assertTrue(bestEvaluated >= field(row, "bestPassRate").asDouble() - 1e-12
                    && bestEvaluated <= field(row, "oracleBestPassRate").asDouble() + 1e-12, row.toString());
            for (JsonNode missing : field(row, "missing")) {
                assertTrue(field(missing, "change").asText().contains("="), row.toString());
                assertTrue(field(missing, "trueGain").isNumber() && field(missing, "evaluated").isBoolean(),
                        row.toString());
            }
        }
        for (String method : METHODS) {
            assertTrue(seen.contains(method + "/1") && seen.contains(method + "/2"), method + " in " + seen);
        }
    }

    @Test
    void theTableIsLabelledSimulatedAndShowsPooledDollarsPerImprovement() {
        String out = Alp.run("bench", "search", "--world", "support", "--budget", "40", "--seeds", "1",
                "--cases", "40").assertOk().out();
        assertTrue(out.contains("SIMULATED"), out);
        assertTrue(out.contains("40 cases"), out);
        for (String method : METHODS) {
            assertTrue(out.lines().anyMatch(l -> l.startsWith(method + " ")), method + " row in\n" + out);
        }
        assertTrue(out.contains("evaluation $ per true frontier improvement, pooled over seeds: alp"), out);
    }

    @Test
    void aBudgetInBaselinePassesIsSpentWithinAndShownWithTheOraclesBest() {
        JsonNode rows = Alp.run("bench", "search", "--world", "support", "--budget-passes", "2", "--seeds", "1",
                "--cases", "40", "--json").assertOk().json();
        double budget = field(rows.get(0), "budgetUsd").asDouble();
        assertTrue(budget > 0, rows.toString());
        for (JsonNode row : rows) {
            assertEquals(budget, field(row, "budgetUsd").asDouble(), 1e-9, "one budget for every method: " + row);
            assertTrue(field(row, "spentUsd").asDouble() <= budget + 1e-9, "within the budget: " + row);
            assertTrue(field(row, "bestPassRate").asDouble() <= field(row, "oracleBestPassRate").asDouble() + 1e-12,
                    "nothing beats the oracle: " + row);
        }
        String out = Alp.run("bench", "search", "--world", "support", "--budget-passes", "2", "--seeds", "1",
                "--cases", "40").assertOk().out();
        assertTrue(out.contains("budget 2.0 baseline passes per method (median $"), out);
        assertTrue(out.contains("oracle best"), out);
    }

    @Test
    void gapsListPerSeedTheBestEvaluatedAgainstTheOraclesBest() {
        String out = Alp.run("bench", "search", "--world", "support", "--budget", "30", "--seeds", "2",
                "--methods", "alp,greedy", "--cases", "40", "--gaps").assertOk().out();
        assertTrue(out.contains("SIMULATED gaps to the oracle's best"), out);
        for (String row : List.of("alp 1 ", "alp 2 ", "greedy 1 ", "greedy 2 ")) {
            assertTrue(out.lines().anyMatch(l -> l.replaceAll("\\s+", " ").startsWith(row)), row + " in\n" + out);
        }
        assertTrue(out.contains("alp: mean shortfall of the best evaluated"), out);
        assertTrue(out.contains("greedy: mean shortfall of the best evaluated"), out);
        String plain = Alp.run("bench", "search", "--world", "support", "--budget", "30", "--seeds", "1",
                "--methods", "alp", "--cases", "40").assertOk().out();
        assertTrue(!plain.contains("gaps"), plain);
    }

    @Test
    void treeShowsAlpsSearchTreePerSeedAndOnlyWhenAskedFor() {
        String out = Alp.run("bench", "search", "--world", "support", "--budget", "30", "--seeds", "2",
                "--methods", "alp,greedy", "--cases", "40", "--tree").assertOk().out();
        for (String seed : List.of("1", "2")) {
            assertTrue(out.contains("SIMULATED search tree of alp, seed " + seed), out);
        }
        assertFalse(out.contains("search tree of greedy"), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("n0 +- +- +scored +baseline +40 .* baseline")), out);
        JsonNode rows = Alp.run("bench", "search", "--world", "support", "--budget", "30", "--seeds", "1",
                "--methods", "alp,greedy", "--cases", "40", "--tree", "--json").assertOk().json();
        JsonNode tree = field(rows.get(0), "tree");
        assertEquals("n0", field(tree.get(0), "node").asText());
        assertTrue(field(tree.get(0), "truePassRate").isNumber(), tree.toString());
        assertFalse(rows.get(1).has("tree"), "greedy has no tree: " + rows.get(1));
    }

    @Test
    void severalWorldsGetATableEachAndASummaryOverThem() {
        String[] args = {"bench", "search", "--world", "support,analyst", "--budget", "30", "--seeds", "2-3",
                "--methods", "alp,greedy", "--threads", "2", "--cases", "40"};
        String out = Alp.run(args).assertOk().out();
        assertTrue(out.contains("world support, budget $30.00 per method, seeds 2-3"), out);
        assertTrue(out.contains("world analyst, budget $30.00 per method, seeds 2-3"), out);
        assertTrue(out.lines().noneMatch(l -> l.startsWith("gepa ") || l.startsWith("random ")), out);
        List<String> summary = out.lines().dropWhile(l -> !l.startsWith("SIMULATED, over worlds")).toList();
        assertTrue(summary.size() > 3 && summary.get(2).matches("alp +2 .*")
                && summary.get(3).matches("greedy +2 .*"), out);

        List<String> json = new ArrayList<>(List.of(args));
        json.add("--json");
        JsonNode rows = Alp.run(json.toArray(String[]::new)).assertOk().json();
        List<String> seen = new ArrayList<>();
        rows.forEach(r -> seen.add(field(r, "world").asText() + "/" + field(r, "seed").asLong() + "/"
                + field(r, "method").asText()));
        assertEquals(List.of("support/2/alp", "support/2/greedy", "support/3/alp", "support/3/greedy",
                "analyst/2/alp", "analyst/2/greedy", "analyst/3/alp", "analyst/3/greedy"), seen);
    }

    @Test
    void badArgumentsAreRefusedByName() {
        Alp.Result r = Alp.run("bench", "search", "--world", "support", "--budget", "-3");
        r.assertExit(1);
        assertTrue(r.err().contains("budget"), r.err());
        Alp.Result both = Alp.run("bench", "search", "--budget", "10", "--budget-passes", "2");
        both.assertExit(1);
        assertTrue(both.err().contains("mutually exclusive"), both.err());
        Alp.Result unknown = Alp.run("bench", "search", "--world", "atlantis", "--budget", "10");
        unknown.assertExit(1);
        assertTrue(unknown.err().contains("atlantis"), unknown.err());
        Alp.Result seeds = Alp.run("bench", "search", "--budget", "10", "--seeds", "5-two");
        seeds.assertExit(1);
        assertTrue(seeds.err().contains("seeds: expected N or FIRST-LAST") && seeds.err().contains("5-two"),
                seeds.err());
        for (String range : new String[] {"0", "30-11"}) {
            Alp.Result backwards = Alp.run("bench", "search", "--budget", "10", "--seeds", range);
            backwards.assertExit(1);
            assertTrue(backwards.err().contains("seeds: expected") && backwards.err().contains("got '" + range + "'"),
                    backwards.err());
        }
        Alp.Result method = Alp.run("bench", "search", "--budget", "10", "--methods", "alp,hillclimb");
        method.assertExit(1);
        assertTrue(method.err().contains("methods: expected some of") && method.err().contains("hillclimb"),
                method.err());
    }
}
