package io.alp.evaluator.proposer;

import io.alp.engine.model.Edit;
import io.alp.engine.model.EditClass;
import io.alp.engine.model.Outcome;
import io.alp.engine.model.Score;
import io.alp.engine.port.Reflection;
import io.alp.engine.port.ReflectionGoal;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reflection prompt, without a model. */
class ReflectionPromptTest {

    static Outcome failed(String id, String output, String reason) {
        return new Outcome(id, false, reason, output, 100, 20, 0.002, 0.0005, 1);
    }

    static Outcome passed(String id, String output) {
        return new Outcome(id, true, "correct", output, 90, 15, 0.0015, 0.0005, 1);
    }

    static Reflection reflection(List<Outcome> failed, List<Outcome> passed, Map<String, String> inputs,
                                 List<Edit> branch, List<Edit> exclude, int count) {
        return new Reflection("n7", "abc123", branch, Score.of(10, 6, 0.0018), Score.of(10, 5, 0.0020), failed,
                passed, inputs, exclude, count, 42, ReflectionGoal.FRONTIER);
    }

    /** The prompt for a reflection on one failed case that serves {@code goal}. */
    private static String oneFailureFor(ReflectionGoal goal) {
        Reflection r = reflection(List.of(failed("c1", "41", "wrong product")), List.of(), Map.of(), List.of(),
                List.of(), 2);
        return ReflectionPrompt.text(new Reflection(r.nodeId(), r.sourceRef(), r.branchEdits(), r.score(),
                r.parentScore(), r.failed(), r.passedSample(), r.inputs(), r.exclude(), r.count(), r.seed(), goal),
                Map.of());
    }

    static Edit edit(EditClass c, String files, String change) {
        return new Edit(c, "something", Map.of("files", files, "change", change));
    }

    @Test
    void thePromptCarriesTheEvidence() {
        Reflection r = reflection(
                List.of(failed("c1", "The total is 41", "Arithmetic error: 6*7 is 42, not 41")),
                List.of(passed("c2", "Paris")),
                Map.of("c1", "What is 6 times 7?", "c2", "Capital of France?"),
                List.of(edit(EditClass.PROMPT, "agent/prompt.txt", "Add a worked example of multiplication")),
                List.of(edit(EditClass.TOOL, "agent/tools.py", "Add a calculator tool")), 3);
        String p = ReflectionPrompt.text(r, Map.of("agent/main.py", "def run(q):\n    return llm(q)\n"));
        assertTrue(p.contains("What is 6 times 7?"));
        assertTrue(p.contains("The total is 41"));
        assertTrue(p.contains("Arithmetic error: 6*7 is 42, not 41"));
        assertTrue(p.contains("Capital of France?"));
        assertTrue(p.contains("Paris"));
        assertTrue(p.contains("pass-rate 60.0% (6 of 10"), p);
        assertTrue(p.contains("pass-rate 50.0% (5 of 10)"), p);
        assertTrue(p.contains("+10.0 points"), p);
        assertTrue(p.contains("-10.0% cost per case"), p);
        assertTrue(p.contains("[prompt] files agent/prompt.txt: Add a worked example of multiplication"), p);
        assertTrue(p.contains("--- agent/main.py ---\ndef run(q):\n    return llm(q)\n--- end of agent/main.py"), p);
        assertTrue(p.contains("do not propose these again (1)"), p);
        assertTrue(p.contains("[tool] files agent/tools.py: Add a calculator tool"), p);
        assertTrue(p.contains("Propose exactly 3 different edits"), p);
        assertTrue(p.contains("\"class\":\"prompt|tool|scaffold|memory|routing|multi_agent\""), p);
    }

    @Test
    void aReflectionForTheTopAsksForAccuracyAndNoCostCutsAndSaysTheEditsAreAppliedTogether() {
        String forTop = oneFailureFor(ReflectionGoal.TOP);
        String forFrontier = oneFailureFor(ReflectionGoal.FRONTIER);
        assertTrue(forTop.contains("do not propose cost cuts now"), forTop);
        assertFalse(forFrontier.contains("do not propose cost cuts"), forFrontier);
        assertTrue(forTop.contains("applied together"), forTop);
        assertFalse(forFrontier.contains("applied together"), forFrontier);
        assertTrue(forTop.length() + ReflectionPrompt.SYSTEM.length() <= ReflectionPrompt.maxChars());
    }

    @Test
    void aReflectionForTheCheapEndAsksForCostCutsOnly() {
        String forCheap = oneFailureFor(ReflectionGoal.CHEAP);
        String forFrontier = oneFailureFor(ReflectionGoal.FRONTIER);
        assertTrue(forCheap.contains("the cheapest found so far"), forCheap);
        assertTrue(forCheap.contains("Do not propose fixes that add cost now"), forCheap);
        assertFalse(forFrontier.contains("cheapest found so far"), forFrontier);
        assertFalse(forCheap.contains("applied together"), forCheap);
        assertTrue(forCheap.length() + ReflectionPrompt.SYSTEM.length() <= ReflectionPrompt.maxChars());
    }

    @Test
    void longTextsAreCutAndLongListsCappedSayingHowManyWereLeftOut() {
        List<Outcome> failed = new ArrayList<>();
        Map<String, String> inputs = new HashMap<>();
        for (int i = 0; i < ReflectionPrompt.MAX_FAILED + 7; i++) {
            failed.add(failed(String.format("c%03d", i), "o".repeat(5000), "reason " + i));
            inputs.put(String.format("c%03d", i), "i".repeat(5000));
        }
        String p = ReflectionPrompt.text(reflection(failed, List.of(), inputs, List.of(), List.of(), 2), Map.of());
        assertTrue(p.contains("## Failed cases (" + (ReflectionPrompt.MAX_FAILED + 7) + ")"));
        assertTrue(p.contains("(7 more failed cases left out)"), p);
        assertTrue(p.contains("[... 3500 more characters cut]"));
        assertFalse(p.contains("i".repeat(ReflectionPrompt.INPUT_CHARS + 1)));
        assertFalse(p.contains("case c" + (ReflectionPrompt.MAX_FAILED + 1)));
        assertTrue(p.contains("None: this is the agent as deployed."));
    }

    @Test
    void sourceBeyondTheBudgetIsListedByPathOnly() {
        String big = "x".repeat(ReflectionPrompt.SOURCE_CHARS);
        String p = ReflectionPrompt.text(reflection(List.of(), List.of(), Map.of(), List.of(), List.of(), 1),
                new TreeMap<>(Map.of("agent/a.py", "small", "agent/b.py", big)));
        assertTrue(p.contains("--- agent/a.py ---\nsmall\n"));
        assertFalse(p.contains(big));
        assertTrue(p.contains("contents left out for length (1 files): agent/b.py"), p);
        assertTrue(p.contains("None: every case passed"));
    }

    @Test
    void aBaselineHasNothingToCompareWith() {
        Reflection r = new Reflection("root", "abc", List.of(), Score.of(4, 2, 0.01), null, List.of(), List.of(),
                Map.of(), List.of(), 1, 1, ReflectionGoal.FRONTIER);
        String p = ReflectionPrompt.text(r, Map.of());
        assertTrue(p.contains("This is the baseline"));
        assertTrue(p.contains("Propose exactly 1 edit,"));
    }
}
