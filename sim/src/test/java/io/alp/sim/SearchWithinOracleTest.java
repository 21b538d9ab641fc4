package io.alp.sim;

import io.alp.engine.model.Dataset;
import io.alp.engine.port.World;
import io.alp.engine.search.LocalSearch;
import io.alp.engine.search.OptimizerConfig;
import io.alp.engine.search.SearchConfig;
import io.alp.engine.tree.TreeNode;
import io.alp.sim.oracle.Oracle;
import io.alp.sim.oracle.OracleResult;
import io.alp.sim.oracle.TrueScore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whatever a search finds, its true (ground-truth) pass-rate and cost never lie beyond the exact oracle frontier;
 * and the search does find a node whose true point dominates the baseline's.
 */
class SearchWithinOracleTest {

    private static final double EPS = 1e-9;

    @ParameterizedTest
    @CsvSource({"terminal, 3000, 11", "support, 300, 12"})
    void nothingASearchFindsLiesBeyondTheOracleFrontier(String name, double budget, long seed) {
        SimWorld sim = TestWorlds.world(name, Map.of("seed", Long.toString(seed)));
        World world = SimWorldFactory.create(sim);
        Dataset dataset = Dataset.freeze(world.cases().describe(), world.cases().sample(80, seed));
        LocalSearch search = new LocalSearch(world, dataset,
                new OptimizerConfig(new SearchConfig(3, 1, 6, 80, 3, true), budget), seed).run();

        Oracle oracle = new Oracle(sim.definition());
        OracleResult exact = oracle.frontier(dataset.cases());
        List<TreeNode> scored = search.state().tree().nodes().stream().filter(n -> n.score() != null).toList();
        assertTrue(scored.size() > 5, "the search scored only " + scored.size() + " nodes");
        for (TreeNode node : scored) {
            TrueScore truth = oracle.trueScore(node.sourceRef(), dataset.cases());
            boolean covered = exact.frontier().stream().anyMatch(p -> p.passRate() >= truth.passRate() - EPS
                    && p.costPerCase() <= truth.costPerCase() + EPS);
            assertTrue(covered, node.id() + " at " + truth + " lies beyond the oracle frontier");
        }
        TrueScore baseline = oracle.trueScore(oracle.baselineSource(), dataset.cases());
        assertTrue(scored.stream().map(n -> oracle.trueScore(n.sourceRef(), dataset.cases()))
                        .anyMatch(t -> t.passRate() > baseline.passRate() && t.costPerCase() < baseline.costPerCase()),
                "no node truly dominates the baseline " + baseline);
        assertTrue(search.state().ledger().spentUsd() <= budget);
    }

}
