package io.alp.sim;

import io.alp.engine.model.Case;
import io.alp.engine.model.Edit;
import io.alp.engine.model.EditClass;
import io.alp.engine.model.Outcome;
import io.alp.engine.model.Score;
import io.alp.engine.port.ProposalBatch;
import io.alp.engine.port.Reflection;
import io.alp.engine.port.ReflectionGoal;
import io.alp.sim.agent.KnobChange;
import io.alp.sim.behaviour.FailureReason;
import io.alp.sim.world.KnobKind;
import io.alp.sim.oracle.Oracle;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProposerTest {

    private static final String BUILD_LOG = "[simulated judge] the agent never checked the build output: needs tool `build_log`";
    private static final String VERIFY = "[simulated judge] the agent declared success without re-running the failing check: needs clause `verify_before_done`";
    private static final String STRONGER = "[simulated judge] the model `open-cheap` could not solve this system-network task: needs a stronger model for `system-network`";

    private final SimWorld insightful = TestWorlds.world("terminal", Map.of("proposer.insight", "1.0"));

    @Test
    void withFullInsightItProposesTheMostNamedNeedFirst() {
        String parent = new SimMaterializer(insightful).baselineSource();
        List<Edit> edits = plan(insightful, parent, reasons(2, VERIFY, 5, BUILD_LOG, 3, FailureReason.VAGUE), List.of(), 4, 1);
        assertEquals(edit(EditClass.TOOL, "tool:build_log", "on"), key(edits.get(0)));
        assertEquals(edit(EditClass.PROMPT, "clause:verify_before_done", "on"), key(edits.get(1)));
        assertTrue(edits.get(0).description().contains("5 of 10"), edits.get(0).description());
    }

    @Test
    void excludedAndAlreadyMetNeedsAreSkipped() {
        String parent = new SimMaterializer(insightful).baselineSource();
        Edit buildLog = KnobChange.toggle(KnobKind.TOOL, "build_log", true).toEdit("earlier");
        List<Edit> edits = plan(insightful, parent, reasons(2, VERIFY, 5, BUILD_LOG), List.of(buildLog), 3, 1);
        assertEquals(edit(EditClass.PROMPT, "clause:verify_before_done", "on"), key(edits.get(0)));
        assertTrue(edits.stream().noneMatch(e -> e.sameChangeAs(buildLog)));

        String withBuildLog = parent.replace("tools=;", "tools=build_log;");
        List<Edit> fromChild = plan(insightful, withBuildLog, reasons(5, BUILD_LOG, 2, VERIFY), List.of(), 3, 1);
        assertEquals(edit(EditClass.PROMPT, "clause:verify_before_done", "on"), key(fromChild.get(0)));
    }

    @Test
    void aReflectionForTheTopProposesNoCostCuts() {
        SimWorld world = TestWorlds.world("terminal");
        String parent = new SimMaterializer(world).baselineSource();
        for (long seed = 0; seed < 20; seed++) {
            Reflection frontier = reflection(parent, reasons(3, BUILD_LOG, 2, VERIFY), List.of(), 6, seed);
            Reflection top = reflection(parent, reasons(3, BUILD_LOG, 2, VERIFY), List.of(), 6, seed,
                    ReflectionGoal.TOP);
            SimProposer proposer = new SimProposer(world);
            assertEquals(2, proposer.plan(frontier).stream().filter(e -> e.description().endsWith("to cut cost"))
                    .count(), "a third of a batch for the frontier cuts cost");
            List<Edit> forTop = proposer.plan(top);
            assertEquals(6, forTop.size());
            assertTrue(forTop.stream().noneMatch(e -> e.description().endsWith("to cut cost")), forTop.toString());
        }
    }

    @Test
    void noExploringEditForTheTopMakesTheAgentCheaper() {
        SimWorld guessing = TestWorlds.world("terminal", Map.of("proposer.insight", "0.0"));
        Oracle oracle = new Oracle(guessing.definition());
        List<Case> cases = oracle.sample(1, 100);
        SimMaterializer materializer = new SimMaterializer(guessing);
        SimProposer proposer = new SimProposer(guessing);
        int cheaperForFrontier = 0;
        for (long seed = 0; seed < 30; seed++) {
            String parent = TestWorlds.randomSource(guessing, new SplittableRandom(seed));
            double parentCost = oracle.trueScore(parent, cases).costPerCase();
            for (ReflectionGoal goal : ReflectionGoal.values()) {
                Reflection r = reflection(parent, reasons(3, BUILD_LOG), List.of(), 6, seed, goal);
                for (Edit edit : proposer.plan(r)) {
                    String child = materializer.apply(parent, edit).toCompletableFuture().join().sourceRef();
                    boolean cheaper = oracle.trueScore(child, cases).costPerCase() < parentCost;
                    if (goal == ReflectionGoal.TOP) {
                        assertFalse(cheaper, "a cost cut for the top: " + edit.description());
                    } else if (cheaper && !edit.description().endsWith("to cut cost")) {
                        cheaperForFrontier++;
                    }
                }
            }
        }
        assertTrue(cheaperForFrontier > 0, "exploring edits for the frontier may cut cost too");
    }

    @Test
    void aReflectionForTheCheapEndProposesOnlyCostCutsUntilNoneIsLeft() {
        SimWorld world = TestWorlds.world("terminal");
        Oracle oracle = new Oracle(world.definition());
        List<Case> cases = oracle.sample(1, 100);
        SimMaterializer materializer = new SimMaterializer(world);
        SimProposer proposer = new SimProposer(world);
        String parent = materializer.baselineSource();
        int steps = 0;
        while (true) {
            List<Edit> cuts = proposer.plan(reflection(parent, reasons(3, BUILD_LOG, 2, VERIFY), List.of(), 2, steps,
                    ReflectionGoal.CHEAP));
            if (cuts.isEmpty()) {
                break;
            }
            double parentCost = oracle.trueScore(parent, cases).costPerCase();
            for (Edit cut : cuts) {
                assertTrue(cut.description().endsWith("to cut cost"), cut.description());
                String child = materializer.apply(parent, cut).toCompletableFuture().join().sourceRef();
                assertTrue(oracle.trueScore(child, cases).costPerCase() < parentCost, cut.description());
            }
            parent = materializer.apply(parent, cuts.get(0)).toCompletableFuture().join().sourceRef();
            assertTrue(++steps < 40, "cost cuts never ran out");
        }
        assertTrue(steps >= 5, "the baseline routes five categories to the frontier model: " + steps + " cuts");
    }

    @Test
    void aWeakModelReasonRoutesToAStrongerModel() {
        String parent = new SimMaterializer(insightful).baselineSource().replace("system-network:frontier", "system-network:open-cheap");
        List<Edit> edits = plan(insightful, parent, reasons(4, STRONGER), List.of(), 1, 1);
        assertEquals(edit(EditClass.ROUTING, "route:system-network", "mid"), key(edits.get(0)));
    }

    @Test
    void batchesAreDistinctRealChangesMixingQualityAndCost() {
        SimWorld world = TestWorlds.world("terminal");
        Oracle oracle = new Oracle(world.definition());
        List<Case> cases = oracle.sample(1, 100);
        SimMaterializer materializer = new SimMaterializer(world);
        for (long seed = 0; seed < 40; seed++) {
            String parent = TestWorlds.randomSource(world, new SplittableRandom(seed));
            List<Edit> exclude = plan(world, parent, List.of(), List.of(), 2, seed + 1000);
            List<Edit> edits = plan(world, parent, reasons(3, BUILD_LOG, 2, VERIFY), exclude, 6, seed);
            assertEquals(6, edits.size());
            Set<String> keys = new HashSet<>();
            boolean cheaper = false;
            for (Edit edit : edits) {
                assertTrue(keys.add(edit.key()), "duplicate " + edit);
                assertTrue(exclude.stream().noneMatch(edit::sameChangeAs), "excluded " + edit);
                String child = materializer.apply(parent, edit).toCompletableFuture().join().sourceRef();
                assertFalse(parent.equals(child), "no-op " + edit);
                cheaper |= oracle.trueScore(child, cases).costPerCase() < oracle.trueScore(parent, cases).costPerCase();
                assertTrue(edit.description().startsWith("[simulated proposer]"), edit.description());
            }
            assertTrue(cheaper || edits.stream().anyMatch(e -> e.description().endsWith("to cut cost")),
                    "a batch should include a cost cut");
        }
    }

    @Test
    void insightControlsHowOftenTheNamedNeedComesFirst() {
        SimWorld guessing = TestWorlds.world("terminal", Map.of("proposer.insight", "0.0"));
        String parent = new SimMaterializer(guessing).baselineSource();
        int hits = 0;
        for (long seed = 0; seed < 100; seed++) {
            List<Edit> edits = plan(guessing, parent, reasons(5, BUILD_LOG), List.of(), 3, seed);
            hits += key(edits.get(0)).equals(edit(EditClass.TOOL, "tool:build_log", "on")) ? 1 : 0;
        }
        assertTrue(hits < 15, "without insight the named need should rarely come first: " + hits);
    }

    @Test
    void costIsChargedAndBounded() {
        SimProposer proposer = new SimProposer(insightful);
        Reflection reflection = reflection(new SimMaterializer(insightful).baselineSource(), List.of(), List.of(), 3, 1);
        ProposalBatch batch = proposer.propose(reflection).toCompletableFuture().join();
        assertTrue(batch.costUsd() > 0 && batch.costUsd() <= proposer.maxCostUsd(3));
    }

    private static List<Edit> plan(SimWorld world, String parent, List<String> reasons, List<Edit> exclude,
                                   int count, long seed) {
        return new SimProposer(world).plan(reflection(parent, reasons, exclude, count, seed));
    }

    private static Reflection reflection(String parent, List<String> reasons, List<Edit> exclude, int count, long seed) {
        return reflection(parent, reasons, exclude, count, seed, ReflectionGoal.FRONTIER);
    }

    private static Reflection reflection(String parent, List<String> reasons, List<Edit> exclude, int count, long seed,
                                         ReflectionGoal goal) {
        List<Outcome> failed = new ArrayList<>();
        for (int i = 0; i < reasons.size(); i++) {
            failed.add(new Outcome("c" + i, false, reasons.get(i), "[simulated]", 1, 1, 0.1, 0.001, 1));
        }
        Score score = Score.of(20, 20 - failed.size(), 1.0);
        return new Reflection("n", parent, List.of(), score, score, failed, List.of(), Map.of(), exclude, count, seed,
                goal);
    }

    /** Reasons given as (count, text) pairs. */
    private static List<String> reasons(Object... countsAndTexts) {
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < countsAndTexts.length; i += 2) {
            for (int n = 0; n < (int) countsAndTexts[i]; n++) {
                reasons.add((String) countsAndTexts[i + 1]);
            }
        }
        return reasons;
    }

    private static String edit(EditClass editClass, String knob, String value) {
        return Edit.of(editClass, "", Map.of("knob", knob, "value", value)).key();
    }

    private static String key(Edit edit) {
        return edit.key();
    }
}
