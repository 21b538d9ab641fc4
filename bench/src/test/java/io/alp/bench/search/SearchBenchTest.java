package io.alp.bench.search;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SearchBenchTest {

    private static final List<String> METHODS = List.of("alp", "alp-full", "random", "greedy", "gepa");

    @ParameterizedTest
    @CsvSource({"support, 60", "terminal, 900"})
    void everyMethodStaysInBudgetAndWithinTheOracle(String world, double budget) {
        List<BenchRow> rows = SearchBench.runSeed(world, budget, 5, 0.1, 60);
        assertEquals(METHODS, rows.stream().map(BenchRow::method).toList());
        for (BenchRow row : rows) {
            assertTrue(row.hypervolumeRatio() > 0 && row.hypervolumeRatio() <= 1, row.toString());
            assertTrue(row.spentUsd() <= budget, row.method() + " spent $" + row.spentUsd() + " of $" + budget);
            assertTrue(row.spentUsd() > budget / 4, row.method() + " barely spent: " + row);
            assertTrue(row.evaluations() > 60, row.method() + " evaluated nothing beyond the baseline: " + row);
            assertTrue(row.bestPassRate() > 0 && row.bestPassRate() < 1, row.toString());
            assertTrue(row.reportedTrueGap() >= 0 && row.reportedTrueGap() < 0.5, row.toString());
        }
    }

    @Test
    void aBudgetInBaselinePassesBuysThatManyFullEvaluationsOfTheBaseline() {
        List<BenchRow> rows = SearchBench.runSeed("support", new BenchBudget.Passes(3), 4, 0.1, 50);
        double onePass = rows.get(0).budgetUsd() / 3;
        // the baseline's full evaluation: every case run by the baseline and judged, nothing else
        assertTrue(onePass > 50 * 0.002, "at least the judge's cost: " + onePass);
        assertEquals(onePass, SearchBench.runSeed("support", new BenchBudget.Passes(1), 4, 0.1, 50).get(0).budgetUsd(),
                1e-9);
        for (BenchRow row : rows) {
            assertEquals(3 * onePass, row.budgetUsd(), 1e-9, row.toString());
            assertTrue(row.spentUsd() <= row.budgetUsd() + 1e-9, row.toString());
            assertTrue(row.oracleBestPassRate() >= row.bestPassRate() - 1e-12, row.toString());
        }
        assertTrue(rows.stream().mapToDouble(BenchRow::oracleBestPassRate).distinct().count() == 1, rows.toString());
    }

    @Test
    void alpRowsCarryTheirSearchTreeAtTruePassRatesAndTheBaselinesNone() {
        List<BenchRow> rows = SearchBench.runSeed("support", new BenchBudget.Passes(8), 2, 0.1, 60);
        BenchRow alp = rows.stream().filter(r -> r.method().equals("alp")).findFirst().orElseThrow();
        List<TreeNodeRow> tree = alp.tree();
        assertEquals("n0", tree.get(0).node());
        assertEquals("baseline", tree.get(0).edit());
        assertEquals(null, tree.get(0).parent());
        assertTrue(tree.size() > 5, tree.toString());
        double charged = 0;
        for (TreeNodeRow n : tree) {
            charged += n.evaluationUsd();
            if (n.status().equals("scored")) {
                // every case measured: the measured rate sits within the noise of the truth at 60 cases
                assertEquals(n.truePassRate(), n.measuredPassRate(), 0.25, n.toString());
                assertEquals(60, n.cases(), n.toString());
            } else {
                assertEquals(null, n.measuredPassRate(), n.toString());
                assertTrue(n.reason() != null && !n.reason().isBlank(), n.toString());
            }
            assertEquals(n.cases() > 0, n.truePassRate() != null, n.toString());
            assertEquals(n.onFrontier(), n.estimatedPassRate() != null, n.toString());
        }
        // the ledger rounds each charge up to a whole micro-dollar
        assertEquals(alp.evaluationUsd(), charged, 1e-6 * tree.size(),
                "each node's evaluation cost adds up to the run's");
        assertTrue(tree.stream().anyMatch(n -> "top".equals(n.served())), tree.toString());
        assertTrue(tree.stream().anyMatch(n -> n.edit().matches("[a-z]+(:[\\w-]+)?=[\\w-]+( \\+ .*)?")),
                tree.toString());
        for (BenchRow r : rows) {
            assertEquals(r.method().startsWith("alp"), !r.tree().isEmpty(), r.method());
            assertTrue(r.withoutTree().tree().isEmpty());
            // ALP says why its session stopped (8 passes run out); the baselines run until their budget is spent
            assertEquals(r.method().startsWith("alp") ? "budget_exhausted" : null, r.stopReason(), r.method());
            assertEquals(r.stopReason(), r.withoutTree().stopReason());
        }
    }

    @Test
    void theSameSeedGivesTheSameRows() {
        assertEquals(SearchBench.runSeed("support", 50, 9, 0.1, 60), SearchBench.runSeed("support", 50, 9, 0.1, 60));
    }

    @Test
    void runCoversEverySeedWithEveryMethod() {
        List<BenchRow> rows = SearchBench.run("support", 30, 2, 0.0, 40);
        assertEquals(10, rows.size());
        assertEquals(List.of(1L, 1L, 1L, 1L, 1L, 2L, 2L, 2L, 2L, 2L), rows.stream().map(BenchRow::seed).toList());
    }

    @Test
    void aPlanRunsItsMethodsOnEachWorldAndSeedInOrderHoweverManyThreadsRunIt() {
        BenchPlan plan = new BenchPlan(List.of("support", "analyst"), new BenchBudget.Dollars(30), 2, 3, 0.1, 40,
                List.of("greedy", "alp"), 2);
        List<BenchRow> rows = SearchBench.run(plan);
        assertEquals(List.of("support/2/alp", "support/2/greedy", "support/3/alp", "support/3/greedy",
                        "analyst/2/alp", "analyst/2/greedy", "analyst/3/alp", "analyst/3/greedy"),
                rows.stream().map(r -> r.world() + "/" + r.seed() + "/" + r.method()).toList());
        assertEquals(rows, SearchBench.run(new BenchPlan(plan.worlds(), plan.budget(), 2, 3, 0.1, 40,
                plan.methods(), 1)));
        assertEquals(SearchBench.runSeed("analyst", 30, 3, 0.1, 40).get(0), rows.get(6));
    }

    @Test
    void aBadPlanIsRefusedByName() {
        BenchBudget budget = new BenchBudget.Dollars(10);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new BenchPlan(List.of("support"), budget, 1, 2,
                0.1, 10, List.of("alp", "hillclimb"), 1)).getMessage().matches("methods: expected .*gepa, got hillclimb"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new BenchPlan(List.of("support"), budget, 3, 2,
                0.1, 10, BenchPlan.METHODS, 1)).getMessage().contains("seeds: "));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new BenchPlan(List.of("support"), budget, 1, 2,
                0.1, 10, BenchPlan.METHODS, 0)).getMessage().startsWith("threads"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new BenchPlan(List.of(), budget, 1, 2,
                0.1, 10, BenchPlan.METHODS, 1)).getMessage().startsWith("world"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SearchBench.run(new BenchPlan(
                List.of("support", "nowhere"), budget, 1, 1, 0.1, 10, List.of("alp"), 2))).getMessage()
                .contains("nowhere"));
    }

    @Test
    void aBudgetTooSmallForTheBaselineSpendsNothing() {
        for (BenchRow row : SearchBench.runSeed("support", 0.5, 1, 0.1, 60)) {
            assertEquals(0, row.spentUsd(), row.toString());
            assertEquals(0, row.evaluations(), row.toString());
            assertEquals(0, row.hypervolumeRatio(), row.toString());
        }
    }

    @Test
    void badArgumentsAreRefusedByName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SearchBench.run("support", -1, 1, 0.1, 10))
                .getMessage().startsWith("budget"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> SearchBench.run("support", new BenchBudget.Passes(0), 1, 0.1, 10)).getMessage()
                .startsWith("budget-passes"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SearchBench.run("support", 10, 0, 0.1, 10))
                .getMessage().startsWith("seeds"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SearchBench.run("support", 10, 1, 0.9, 10))
                .getMessage().contains("judge.flipRate"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SearchBench.run("nowhere", 10, 1, 0.1, 10))
                .getMessage().contains("nowhere"));
    }
}
