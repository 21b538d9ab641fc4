package io.alp.engine.evaluation;

import io.alp.engine.model.Dataset;
import io.alp.engine.model.Outcome;
import io.alp.engine.search.LocalSearch;
import io.alp.engine.search.OptimizerConfig;
import io.alp.engine.search.SearchConfig;
import io.alp.engine.testkit.ToyWorld;
import io.alp.engine.tree.TreeNode;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluationCacheTest {

    @Test
    void hitsOnlyOnTheSameScopeCandidateAndCase() {
        EvaluationCache cache = new EvaluationCache();
        Outcome o = new Outcome("c1", true, "ok", "out", 1, 1, 0.5, 0.01, 1);
        cache.put("judge-a", "k1,k2", o);
        assertEquals(o, cache.get("judge-a", "k1,k2", "c1").orElseThrow());
        assertTrue(cache.get("judge-b", "k1,k2", "c1").isEmpty(), "another judge configuration");
        assertTrue(cache.get("judge-a", "k1", "c1").isEmpty(), "another candidate");
        assertTrue(cache.get("judge-a", "k1,k2", "c2").isEmpty(), "another case");
        assertEquals(1, cache.hits());
    }

    @Test
    void identicalCandidatesReachedByDifferentPathsAreNeverPaidTwice() {
        Dataset dataset = ToyWorld.dataset(10);
        boolean sawDuplicate = false;
        for (long seed = 1; seed <= 30; seed++) {
            ToyWorld world = ToyWorld.standard();
            LocalSearch run = new LocalSearch(world.world(), dataset,
                    new OptimizerConfig(new SearchConfig(3, 1, 8, 80, 4, true), 80),
                    seed).run();
            Set<String> paidFor = new HashSet<>();
            Set<String> sources = new HashSet<>();
            int nodesWithOutcomes = 0;
            for (TreeNode n : run.state().tree().nodes()) {
                String source = n.sourceRef();
                run.outcomes(n.id()).forEach(o -> paidFor.add(source + "|" + o.caseId()));
                if (!run.outcomes(n.id()).isEmpty()) {
                    nodesWithOutcomes++;
                    sources.add(source);
                }
            }
            sawDuplicate |= nodesWithOutcomes > sources.size();
            assertEquals(paidFor.size(), run.evaluations(), "seed " + seed + ": one evaluation per (candidate, case)");
            assertEquals(world.spentUsd(), run.state().ledger().spentUsd(),
                    1e-6 * (run.state().ledger().charges() + 1), "seed " + seed);
        }
        assertTrue(sawDuplicate, "some search must reach a candidate twice for this test to mean anything");
    }
}
