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
        return new BenchRow(method, seed, hv, 0.8, 0.5, 100, 90, 1000, 0.02, 4, 100, 0.9);
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
        List<BenchRow> rows = List.of(new BenchRow("alp", 1, 0.9, 0.8, 0.5, 100, 90, 1000, 0.02, 9, 100, 0.9),
                new BenchRow("alp", 2, 0.9, 0.8, 0.5, 100, 30, 1000, 0.02, 1, 100, 0.9));
        assertEquals(12.0, BenchTable.pooledUsdPerMove(rows), 1e-12);
        assertTrue(BenchTable.render(rows).contains("pooled over seeds: alp 12.0"), BenchTable.render(rows));
        assertTrue(Double.isNaN(BenchTable.pooledUsdPerMove(List.of(row("a", 1, 0.5)).stream()
                .map(r -> new BenchRow("a", 1, 0.5, 0.8, 0.5, 100, 90, 1000, 0.02, 0, 100, 0.9)).toList())));
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
        assertEquals(Set.of("method", "seed", "hypervolumeRatio", "bestPassRate", "cheapestNearBestUsd", "spentUsd",
                "evaluationUsd", "evaluations", "reportedTrueGap", "frontierMoves", "budgetUsd", "oracleBestPassRate"),
                names);
        assertEquals("alp", json.get("method").asText());
        assertEquals(1000, json.get("evaluations").asLong());
    }
}
