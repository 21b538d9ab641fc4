package io.alp.sim;

import io.alp.engine.model.Case;
import io.alp.engine.model.Edit;
import io.alp.engine.model.Outcome;
import io.alp.engine.model.Score;
import io.alp.engine.port.Reflection;
import io.alp.engine.port.ReflectionGoal;
import io.alp.engine.port.RunResult;
import io.alp.engine.port.Verdict;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeterminismTest {

    @Test
    void sameSeedGivesTheSameDataset() {
        SimWorld world = TestWorlds.world("terminal");
        assertEquals(TestWorlds.cases(world, 200, 7), TestWorlds.cases(world, 200, 7));
        assertNotEquals(TestWorlds.cases(world, 200, 7), TestWorlds.cases(world, 200, 8));
        Case first = TestWorlds.cases(world, 1, 7).get(0);
        assertTrue(first.input().contains("[simulated]"), first.input());
        assertTrue(first.attributes().containsKey("category") && first.attributes().containsKey("difficulty"));
    }

    @Test
    void sameSeedGivesTheSameOutcomesAndVerdicts() {
        List<String> first = transcript(TestWorlds.world("terminal", Map.of("seed", "11")));
        List<String> second = transcript(TestWorlds.world("terminal", Map.of("seed", "11")));
        List<String> otherSeed = transcript(TestWorlds.world("terminal", Map.of("seed", "12")));
        assertEquals(first, second);
        assertNotEquals(first, otherSeed);
    }

    private static List<String> transcript(SimWorld world) {
        SimRunner runner = new SimRunner(world);
        SimJudge judge = new SimJudge(world);
        SplittableRandom random = new SplittableRandom(3);
        List<String> lines = new ArrayList<>();
        for (int s = 0; s < 5; s++) {
            String source = TestWorlds.randomSource(world, random);
            for (Case c : TestWorlds.cases(world, 100, 5)) {
                RunResult result = runner.runNow(source, c);
                Verdict verdict = judge.verdict(c, result, 0);
                lines.add(result.output() + " | " + result.costUsd() + " | " + verdict);
            }
        }
        return lines;
    }

    @Test
    void reRunningTheSameCandidateOnTheSameCaseAgrees() {
        SimWorld world = TestWorlds.world("terminal");
        SimRunner runner = new SimRunner(world);
        String source = new SimMaterializer(world).baselineSource();
        for (Case c : TestWorlds.cases(world, 50, 1)) {
            assertEquals(runner.runNow(source, c), runner.runNow(source, c));
        }
    }

    @Test
    void sameReflectionSeedGivesTheSameProposals() {
        Reflection reflection = reflection(TestWorlds.world("terminal"), 99);
        List<Edit> first = new SimProposer(TestWorlds.world("terminal")).plan(reflection);
        List<Edit> second = new SimProposer(TestWorlds.world("terminal")).plan(reflection);
        assertEquals(6, first.size());
        assertEquals(first, second);

        SimWorld guessing = TestWorlds.world("terminal", Map.of("proposer.insight", "0"));
        Set<List<Edit>> batches = new HashSet<>();
        for (long seed = 0; seed < 10; seed++) {
            batches.add(new SimProposer(guessing).plan(reflection(guessing, seed)));
        }
        assertTrue(batches.size() > 5, "different seeds should usually propose differently: " + batches.size());
    }

    static Reflection reflection(SimWorld world, long seed) {
        SimRunner runner = new SimRunner(world);
        SimJudge judge = new SimJudge(world);
        String source = new SimMaterializer(world).baselineSource();
        List<Outcome> failed = new ArrayList<>();
        for (Case c : TestWorlds.cases(world, 100, 1)) {
            RunResult result = runner.runNow(source, c);
            Verdict verdict = judge.verdict(c, result, 0);
            if (!verdict.pass()) {
                failed.add(new Outcome(c.id(), false, verdict.reason(), result.output(), result.inputTokens(),
                        result.outputTokens(), result.costUsd(), verdict.costUsd(), verdict.agreement()));
            }
        }
        Score score = Score.of(100, 100 - failed.size(), 1.3);
        return new Reflection("n1", source, List.of(), score, score, failed, List.of(), Map.of(), List.of(), 6, seed,
                ReflectionGoal.FRONTIER);
    }
}
