package io.alp.sim;

import io.alp.engine.model.Case;
import io.alp.engine.port.RunResult;
import io.alp.sim.behaviour.CaseProfile;
import io.alp.sim.oracle.Oracle;
import io.alp.sim.oracle.TrueScore;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunnerTest {

    @Test
    void maxCostPerCaseBoundsEveryCaseForRandomSources() {
        for (String name : SimWorlds.bundled()) {
            SimWorld world = TestWorlds.world(name);
            SimRunner runner = new SimRunner(world);
            List<Case> cases = TestWorlds.cases(world, 300, 4);
            SplittableRandom random = new SplittableRandom(17);
            for (int s = 0; s < 300; s++) {
                String source = TestWorlds.randomSource(world, random);
                double bound = runner.maxCostPerCaseUsd(source);
                double highest = 0;
                for (Case c : cases) {
                    RunResult result = runner.runNow(source, c);
                    assertTrue(result.costUsd() <= bound, name + " " + source + " case " + c.id()
                            + " cost " + result.costUsd() + " > bound " + bound);
                    highest = Math.max(highest, result.costUsd());
                }
                assertTrue(highest > 0.7 * bound, "bound should be reasonably tight: " + highest + " vs " + bound);
            }
        }
    }

    @Test
    void boundHoldsForHandWrittenCasesOutsideTheDifficultyRange() {
        SimWorld world = TestWorlds.world("terminal");
        SimRunner runner = new SimRunner(world);
        String source = new SimMaterializer(world).baselineSource();
        Case extreme = new Case("x", "[simulated] hand-written", Map.of("category", "system-network", "difficulty", "99",
                CaseProfile.SIMULATED, "true"));
        assertTrue(runner.runNow(source, extreme).costUsd() <= runner.maxCostPerCaseUsd(source));
    }

    @Test
    void runsAgreeWithTheOraclesGroundTruth() {
        SimWorld world = TestWorlds.world("terminal", Map.of("seed", "3"));
        SimRunner runner = new SimRunner(world);
        Oracle oracle = new Oracle(world.definition());
        List<Case> cases = oracle.sample(2, 4000);
        for (String source : List.of(oracle.baselineSource(), CalibrationTest.TERMINAL_ROUTED)) {
            TrueScore truth = oracle.trueScore(source, cases);
            int passes = 0;
            double cost = 0;
            for (Case c : cases) {
                RunResult result = runner.runNow(source, c);
                passes += result.output().endsWith("it reports the task done") ? 1 : 0;
                cost += result.costUsd();
            }
            double rate = (double) passes / cases.size();
            double standardError = Math.sqrt(truth.passRate() * (1 - truth.passRate()) / cases.size());
            assertEquals(truth.passRate(), rate, 4 * standardError, source);
            assertEquals(truth.costPerCase(), cost / cases.size(), 1e-9, source);
        }
    }

    @Test
    void outputIsLabelledSimulatedAndBadSourcesAreErrors() {
        SimWorld world = TestWorlds.world("terminal");
        SimRunner runner = new SimRunner(world);
        Case c = TestWorlds.cases(world, 1, 1).get(0);
        RunResult ok = runner.runNow(new SimMaterializer(world).baselineSource(), c);
        assertNull(ok.error());
        assertTrue(ok.output().startsWith("[simulated]"), ok.output());
        assertTrue(ok.inputTokens() > 0 && ok.outputTokens() > 0 && ok.costUsd() > 0);

        RunResult bad = runner.runNow("sim:clauses=nope;tools=;scaffold=none;memory=full;route=", c);
        assertTrue(bad.failed());
        assertTrue(bad.error().contains("[simulated]") && bad.error().contains("nope"), bad.error());
        assertEquals(0, bad.costUsd());
    }

    @Test
    void latencyIsSimulatedWithoutBlockingThreads() throws Exception {
        SimWorld world = TestWorlds.world("terminal", Map.of("latencyMs", "300"));
        SimRunner runner = new SimRunner(world);
        String source = new SimMaterializer(world).baselineSource();
        List<Case> cases = TestWorlds.cases(world, 1000, 1);
        long start = System.nanoTime();
        List<CompletableFuture<RunResult>> inFlight = new ArrayList<>();
        for (Case c : cases) {
            inFlight.add(runner.run(source, c).toCompletableFuture());
        }
        assertFalse(inFlight.get(0).isDone(), "a run with latency should not be complete at once");
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsedMs >= 300, "latency was not applied: " + elapsedMs + " ms");
        assertTrue(elapsedMs < 10_000, "1000 runs in flight should overlap: " + elapsedMs + " ms");
    }

    @Test
    void aCaseFromRealTrafficGetsAStableProfileInsideTheWorld() {
        SimWorld world = TestWorlds.world("terminal");
        Case real = new Case("req-42", "deploy the staging cluster", Map.of("trace_id", "abc"));
        CaseProfile profile = CaseProfile.of(world.definition(), real);
        assertEquals(profile, CaseProfile.of(world.definition(), real));
        var category = world.definition().categories().get(profile.category());
        assertTrue(profile.difficulty() >= category.minDifficulty() && profile.difficulty() <= category.maxDifficulty());
        int[] perCategory = new int[world.definition().categories().size()];
        for (int i = 0; i < 4000; i++) {
            perCategory[CaseProfile.of(world.definition(), new Case("req-" + i, "x", Map.of())).category()]++;
        }
        double total = world.definition().categories().stream().mapToDouble(c -> c.share()).sum();
        for (int c = 0; c < perCategory.length; c++) {
            double expected = world.definition().categories().get(c).share() / total;
            assertEquals(expected, perCategory[c] / 4000.0, 0.03, "share of category " + c);
        }
    }
}
