package io.alp.sim;

import io.alp.engine.model.Case;
import io.alp.engine.port.Judge;
import io.alp.engine.port.RunResult;
import io.alp.engine.port.Verdict;
import io.alp.sim.behaviour.CaseProfile;
import io.alp.sim.behaviour.FailureReason;
import io.alp.sim.world.AgentSpec;
import io.alp.sim.world.Category;
import io.alp.sim.world.KnobKind;
import io.alp.sim.world.Need;
import io.alp.sim.world.WorldDefinition;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JudgeTest {

    private static final int CASES = 6000;

    @Test
    void singleSampleFlipsAtTheConfiguredRate() {
        double flips = flipFraction(Map.of("judge.flipRate", "0.1"));
        assertEquals(0.10, flips, 0.015);
        assertEquals(0.05, flipFraction(Map.of()), 0.012, "terminal's default flip rate");
    }

    @Test
    void majorityOfThreeSamplesFlipsLess() {
        double p = 0.2;
        double expected = 3 * p * p - 2 * p * p * p;
        assertEquals(expected, flipFraction(Map.of("judge.flipRate", "0.2", "judge.samples", "3")), 0.015);
    }

    private static double flipFraction(Map<String, String> settings) {
        SimWorld world = TestWorlds.world("terminal", settings);
        SimRunner runner = new SimRunner(world);
        Judge judge = SimWorldFactory.create(world).judge();
        String source = new SimMaterializer(world).baselineSource();
        AgentSpec spec = world.codec().parse(source);
        int flipped = 0;
        for (Case c : TestWorlds.cases(world, CASES, 9)) {
            boolean truth = world.truth().solved(source, spec, CaseProfile.of(world.definition(), c));
            Verdict verdict = judge.judge(c, runner.runNow(source, c), 0).toCompletableFuture().join();
            flipped += verdict.pass() != truth ? 1 : 0;
        }
        return (double) flipped / CASES;
    }

    @Test
    void agreementAndCostFollowTheSamplesDrawn() {
        SimWorld world = TestWorlds.world("terminal", Map.of("judge.samples", "3", "judge.flipRate", "0.3"));
        Judge judge = SimWorldFactory.create(world).judge();
        SimRunner runner = new SimRunner(world);
        String source = new SimMaterializer(world).baselineSource();
        double perSample = world.definition().judge().costPerCase();
        boolean sawSplit = false;
        for (Case c : TestWorlds.cases(world, 200, 2)) {
            Verdict verdict = judge.judge(c, runner.runNow(source, c), 0).toCompletableFuture().join();
            boolean split = verdict.agreement() < 1;
            // two agreeing samples settle a majority of three; only a split pays for the third
            assertEquals(split ? 2.0 / 3 : 1.0, verdict.agreement(), 1e-9);
            assertEquals((split ? 3 : 2) * perSample, verdict.costUsd(), 1e-12);
            assertTrue(verdict.costUsd() <= judge.maxCostPerCaseUsd() + 1e-12);
            sawSplit |= split;
        }
        assertTrue(sawSplit);
    }

    @Test
    void failureReasonsNameARealUnmetNeed() {
        SimWorld world = TestWorlds.world("terminal", Map.of("judge.flipRate", "0", "judge.vagueRate", "0"));
        WorldDefinition definition = world.definition();
        SimJudge judge = new SimJudge(world);
        SimRunner runner = new SimRunner(world);
        for (String source : List.of(new SimMaterializer(world).baselineSource(), CalibrationTest.TERMINAL_ROUTED)) {
            AgentSpec spec = world.codec().parse(source);
            int failures = 0;
            for (Case c : TestWorlds.cases(world, 400, 3)) {
                Verdict verdict = judge.verdict(c, runner.runNow(source, c), 0);
                if (verdict.pass()) {
                    assertEquals(FailureReason.PASS, verdict.reason());
                    continue;
                }
                failures++;
                assertTrue(verdict.reason().startsWith("[simulated judge]"), verdict.reason());
                Category category = definition.categories().get(CaseProfile.of(definition, c).category());
                Optional<FailureReason.Named> named = FailureReason.parse(verdict.reason());
                if (named.isEmpty()) {
                    assertTrue(verdict.reason().endsWith("(no stronger model is available)"), verdict.reason());
                    assertTrue(category.needs().stream().allMatch(n -> isMet(n, spec, world)), verdict.reason());
                    continue;
                }
                assertTrue(isUnmet(named.get(), category, spec, world), source + " " + verdict.reason());
            }
            assertTrue(failures > 20);
        }
    }

    /** The named remedy is a need of the category the agent lacks, the context its memory drops, or its model. */
    private static boolean isUnmet(FailureReason.Named named, Category category, AgentSpec spec, SimWorld world) {
        WorldDefinition definition = world.definition();
        if (named.kind() == KnobKind.ROUTE) {
            return named.name().equals(category.name());
        }
        if (named.kind() == KnobKind.MEMORY && category.longContext()
                && definition.memories().get(spec.harness().memory()).longContextPenalty() > 0) {
            return true;
        }
        return category.needs().stream().anyMatch(need -> need.kind() == named.kind()
                && need.remedyValue().equals(named.name()) && !isMet(need, spec, world));
    }

    /** Read off the source text, independently of the model's own bookkeeping. */
    private static boolean isMet(Need need, AgentSpec spec, SimWorld world) {
        Set<String> inSource = new HashSet<>(Arrays.asList(world.codec().format(spec).split("[=,;:]")));
        return need.values().stream().anyMatch(inSource::contains);
    }

    @Test
    void baselineFailuresMostlyNameTheHeaviestNeed() {
        SimWorld world = TestWorlds.world("terminal", Map.of("judge.vagueRate", "0"));
        SimJudge judge = new SimJudge(world);
        SimRunner runner = new SimRunner(world);
        String source = new SimMaterializer(world).baselineSource();
        for (Case c : TestWorlds.cases(world, 300, 1)) {
            Verdict verdict = judge.verdict(c, runner.runNow(source, c), 0);
            if (!verdict.pass() && c.attributes().get("category").equals("build-debug")) {
                assertEquals("[simulated judge] the agent never checked the build output: needs tool `build_log`",
                        verdict.reason());
            }
        }
    }

    @Test
    void vagueReasonsAppearAtTheConfiguredRate() {
        SimWorld world = TestWorlds.world("terminal", Map.of("judge.vagueRate", "0.2"));
        SimJudge judge = new SimJudge(world);
        SimRunner runner = new SimRunner(world);
        String source = new SimMaterializer(world).baselineSource();
        int failures = 0;
        int vague = 0;
        for (Case c : TestWorlds.cases(world, CASES, 5)) {
            Verdict verdict = judge.verdict(c, runner.runNow(source, c), 0);
            if (!verdict.pass()) {
                failures++;
                vague += verdict.reason().equals(FailureReason.VAGUE) ? 1 : 0;
            }
        }
        assertEquals(0.2, (double) vague / failures, 0.03);
    }

    @Test
    void aRunThatDidNotFinishFails() {
        SimWorld world = TestWorlds.world("terminal");
        Case c = TestWorlds.cases(world, 1, 1).get(0);
        Verdict verdict = new SimJudge(world).verdict(c, new RunResult("", 0, 0, 0, "[simulated] boom"), 0);
        assertFalse(verdict.pass());
        assertTrue(verdict.reason().contains("boom"));
        Verdict notATranscript = new SimJudge(world).verdict(c, new RunResult("hello", 1, 1, 0, null), 0);
        assertFalse(notATranscript.pass());
        assertTrue(notATranscript.reason().startsWith("[simulated judge]"));
    }
}
