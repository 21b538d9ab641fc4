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
        return new BenchRow("support", method, seed, hv, 0.8, 0.5, 100, 90, 1000, 0.02, 4, 100, 0.9);
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
                new BenchRow("support", "alp", 1, 0.9, 0.8, 0.5, 100, 90, 1000, 0.02, 9, 100, 0.9),
                new BenchRow("support", "alp", 2, 0.9, 0.8, 0.5, 100, 30, 1000, 0.02, 1, 100, 0.9));
        assertEquals(12.0, BenchTable.pooledUsdPerMove(rows), 1e-12);
        assertTrue(BenchTable.render(rows).contains("pooled over seeds: alp 12.0"), BenchTable.render(rows));
        assertTrue(Double.isNaN(BenchTable.pooledUsdPerMove(List.of(row("a", 1, 0.5)).stream()
                .map(r -> new BenchRow("support", "a", 1, 0.5, 0.8, 0.5, 100, 90, 1000, 0.02, 0, 100, 0.9)).toList())));
    }

    @Test
    void theSummaryWeighsEachWorldAlikeWhateverItsSeeds() {
        List<BenchRow> rows = List.of(
                new BenchRow("support", "alp", 1, 0.9, 0.80, 0.5, 100, 90, 1000, 0.02, 4, 100, 0.90),
                new BenchRow("support", "alp", 2, 0.7, 0.80, 0.5, 100, 90, 1000, 0.04, 4, 100, 0.90),
                new BenchRow("terminal", "alp", 1, 0.5, 0.70, 0.5, 100, 90, 1000, 0.01, 4, 100, 0.80),
                new BenchRow("support", "gepa", 1, 0.6, 0.85, 0.5, 100, 90, 1000, 0.02, 4, 100, 0.90));
        String summary = BenchTable.summary(rows);
        assertTrue(summary.startsWith("SIMULATED"), summary);
        List<String> lines = summary.lines().toList();
        // alp: hv (0.8 + 0.5) / 2, shortfall (10 + 10) / 2 points, |rep-true| (3 + 1) / 2 points, over 2 worlds
        assertEquals(List.of("alp", "2", "0.650", "10.00", "2.00"), List.of(lines.get(2).trim().split("\\s+")));
        assertEquals(List.of("gepa", "1", "0.600", "5.00", "2.00"), List.of(lines.get(3).trim().split("\\s+")));
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
                "evaluationUsd", "evaluations", "reportedTrueGap", "frontierMoves", "budgetUsd", "oracleBestPassRate"),
                names);
        assertEquals("alp", json.get("method").asText());
        assertEquals(1000, json.get("evaluations").asLong());
    }
}
