package io.alp.bench.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchTableTest {

    private static BenchRow row(String method, long seed, double hv) {
        return row("support", method, seed, hv, 0.8, 90, 0.02, 4, 0.9);
    }

    private static BenchRow row(String world, String method, long seed, double hv, double best, double evaluationUsd,
                                double gap, int moves, double oracleBest) {
        return new BenchRow(world, method, seed, hv, best, 0.5, 100, evaluationUsd, 1000, gap, moves, 100, oracleBest,
                best, List.of(), null, List.of());
    }

    @Test
    void treesPrintEveryNodeOfEachAlpRowLabelledSimulated() {
        List<TreeNodeRow> tree = List.of(
                new TreeNodeRow("n0", null, "baseline", null, "scored", "baseline", 200, 20.0, 0.62, null, 0.64,
                        0.1, false, null),
                new TreeNodeRow("n1", "n0", "reflection", "top", "scored", "tool:web=on + clause:cite=on", 200,
                        30.0, 0.71, 0.70, 0.69, 0.15, true, null),
                new TreeNodeRow("n2", "n0", "reflection", "frontier", "rejected", "route:billing=mini", 16, 1.5,
                        null, null, 0.55, null, false, "dominated: the frontier passes 70.0%"));
        BenchRow alp = new BenchRow("support", "alp", 4, 0.9, 0.69, 0.5, 100, 51.5, 416, 0.01, 2, 100, 0.9, 0.69,
                List.of(), "budget_exhausted", tree);
        String out = BenchTable.trees(List.of(alp, row("gepa", 4, 0.5)));
        List<String> lines = out.lines().toList();
        assertEquals(5, lines.size(), out);
        assertTrue(lines.get(0).startsWith("SIMULATED search tree of alp, seed 4"), out);
        assertTrue(lines.get(2).matches("n0 +- +- +scored +baseline +200 +20\\.00 +62\\.0 +- +64\\.0 +0\\.1000 +baseline"),
                lines.get(2));
        assertTrue(lines.get(3).matches("n1 +n0 +top +scored .* 71\\.0 +70\\.0 +69\\.0 +0\\.1500 F  tool:web=on \\+ clause:cite=on"),
                lines.get(3));
        assertTrue(lines.get(4).endsWith("route:billing=mini | dominated: the frontier passes 70.0%"), lines.get(4));
        assertEquals("", BenchTable.trees(List.of(row("gepa", 4, 0.5))), "a baseline has no tree");
    }

    @Test
    void showsTheMedianPerMethodLabelledSimulated() {
        List<BenchRow> rows = List.of(row("alp", 1, 0.9), row("random", 1, 0.1), row("alp", 2, 0.5),
                row("random", 2, 0.3), row("alp", 3, 0.7), row("random", 3, 0.2));
        String table = BenchTable.render(rows);
        assertTrue(table.startsWith("SIMULATED"), table);
        List<String> lines = table.lines().toList();
        assertTrue(lines.get(2).startsWith("alp") && lines.get(2).contains("0.700"), table);
        assertTrue(lines.get(3).startsWith("random") && lines.get(3).contains("0.200"), table);
        assertTrue(lines.get(1).contains("oracle best") && lines.get(2).contains("90.0%"), table);
    }

    @Test
    void dollarsPerMovePooledOverSeedsWeighEachSeedByItsMoves() {
        List<BenchRow> rows = List.of(
                row("support", "alp", 1, 0.9, 0.8, 90, 0.02, 9, 0.9),
                row("support", "alp", 2, 0.9, 0.8, 30, 0.02, 1, 0.9));
        assertEquals(12.0, BenchTable.pooledUsdPerMove(rows), 1e-12);
        assertTrue(BenchTable.render(rows).contains("pooled over seeds: alp 12.0"), BenchTable.render(rows));
        assertTrue(Double.isNaN(BenchTable.pooledUsdPerMove(List.of(row("a", 1, 0.5)).stream()
                .map(r -> row("support", "a", 1, 0.5, 0.8, 90, 0.02, 0, 0.9)).toList())));
    }

    @Test
    void theSummaryWeighsEachWorldAlikeWhateverItsSeeds() {
        List<BenchRow> rows = List.of(
                row("support", "alp", 1, 0.9, 0.80, 90, 0.02, 4, 0.90),
                row("support", "alp", 2, 0.7, 0.80, 90, 0.04, 4, 0.90),
                row("terminal", "alp", 1, 0.5, 0.70, 90, 0.01, 4, 0.80),
                row("support", "gepa", 1, 0.6, 0.85, 90, 0.02, 4, 0.90));
        String summary = BenchTable.summary(rows);
        assertTrue(summary.startsWith("SIMULATED"), summary);
        List<String> lines = summary.lines().toList();
        // alp: hv (0.8 + 0.5) / 2, shortfall (10 + 10) / 2 points, |rep-true| (3 + 1) / 2 points, over 2 worlds
        assertEquals(List.of("alp", "2", "0.650", "10.00", "2.00"), List.of(lines.get(2).trim().split("\\s+")));
        assertEquals(List.of("gepa", "1", "0.600", "5.00", "2.00"), List.of(lines.get(3).trim().split("\\s+")));
    }

    @Test
    void gapsTellFindingTheTopFromReportingItAndListWhatTheBestLacks() {
        List<BenchRow> rows = List.of(
                new BenchRow("support", "alp", 1, 0.9, 0.80, 0.5, 100, 90, 1000, 0.02, 4, 100, 0.90, 0.84,
                        List.of(new MissingChange("tool:refund_api=on", 0.031, true),
                                new MissingChange("scaffold=plan-verify", -0.004, false)), null, List.of()),
                new BenchRow("support", "alp", 2, 0.9, 0.90, 0.5, 100, 90, 1000, 0.02, 4, 100, 0.90, 0.90,
                        List.of(), null, List.of()));
        String gaps = BenchTable.gaps(rows);
        assertTrue(gaps.startsWith("SIMULATED"), gaps);
        List<String> lines = gaps.lines().toList();
        assertEquals(List.of("alp", "1", "90.0%", "84.0%", "80.0%", "tool:refund_api=on", "+3.1,",
                "scaffold=plan-verify", "-0.4*"), List.of(lines.get(2).trim().split("\\s+")));
        assertEquals(List.of("alp", "2", "90.0%", "90.0%", "90.0%", "nothing"),
                List.of(lines.get(3).trim().split("\\s+")));
        // shortfall of the best evaluated (6 + 0) / 2, of the best reported (10 + 0) / 2
        assertEquals("alp: mean shortfall of the best evaluated 3.00 pt, of the best reported 5.00 pt", lines.get(4));
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(0.6, BenchTable.median(List.of(row("a", 1, 0.9), row("a", 2, 0.5), row("a", 3, 0.7),
                row("a", 4, 0.1)), BenchRow::hypervolumeRatio), 1e-12);
        assertTrue(Double.isNaN(BenchTable.median(new ArrayList<>(), BenchRow::hypervolumeRatio)));
    }

    @Test
    void rowsSerializeWithTheFieldNamesOtherToolsRelyOn() throws Exception {
        JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(row("alp", 3, 0.9)));
        Set<String> names = new HashSet<>();
        json.fieldNames().forEachRemaining(names::add);
        assertEquals(Set.of("world", "method", "seed", "hypervolumeRatio", "bestPassRate", "cheapestNearBestUsd", "spentUsd",
                "evaluationUsd", "evaluations", "reportedTrueGap", "frontierMoves", "budgetUsd", "oracleBestPassRate",
                "bestEvaluatedPassRate", "missing"), names);
        assertEquals("alp", json.get("method").asText());
        assertEquals(1000, json.get("evaluations").asLong());

        BenchRow stopped = withStop(row("alp", 3, 0.9), "frontier_stalled");
        JsonNode alp = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(stopped));
        assertEquals("frontier_stalled", alp.get("stopReason").asText());
    }

    @Test
    void theTableCountsWhyEachMethodsSessionsStoppedAndSaysNothingForTheBaselines() {
        List<BenchRow> rows = List.of(withStop(row("alp", 1, 0.9), "budget_exhausted"), row("gepa", 1, 0.5),
                withStop(row("alp", 2, 0.8), "no_candidates"), withStop(row("alp", 3, 0.8), "budget_exhausted"),
                row("gepa", 2, 0.5));
        List<String> stops = BenchTable.render(rows).lines().filter(l -> l.contains("sessions stopped")).toList();
        assertEquals(List.of("alp sessions stopped: budget_exhausted 2, no_candidates 1"), stops);
    }

    private static BenchRow withStop(BenchRow r, String stopReason) {
        return new BenchRow(r.world(), r.method(), r.seed(), r.hypervolumeRatio(), r.bestPassRate(),
                r.cheapestNearBestUsd(), r.spentUsd(), r.evaluationUsd(), r.evaluations(), r.reportedTrueGap(),
                r.frontierMoves(), r.budgetUsd(), r.oracleBestPassRate(), r.bestEvaluatedPassRate(), r.missing(),
                stopReason, r.tree());
    }
}
