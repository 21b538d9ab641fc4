package io.alp.evaluator.proposer;

import com.fasterxml.jackson.databind.JsonNode;
import io.alp.engine.llm.JsonReplies;
import io.alp.engine.model.Edit;
import io.alp.engine.model.EditClass;
import io.alp.engine.model.Outcome;
import io.alp.engine.model.Score;
import io.alp.engine.port.Reflection;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reflection prompt and the reading of replies, without a model. */
class ReflectionPromptTest {

    static final Predicate<String> EDITABLE = p -> p.startsWith("agent/");

    static Outcome failed(String id, String output, String reason) {
        return new Outcome(id, false, reason, output, 100, 20, 0.002, 0.0005, 1);
    }

    static Outcome passed(String id, String output) {
        return new Outcome(id, true, "correct", output, 90, 15, 0.0015, 0.0005, 1);
    }

    static Reflection reflection(List<Outcome> failed, List<Outcome> passed, Map<String, String> inputs,
                                 List<Edit> branch, List<Edit> exclude, int count) {
        return new Reflection("n7", "abc123", branch, Score.of(10, 6, 0.0018), Score.of(10, 5, 0.0020), failed,
                passed, inputs, exclude, count, 42);
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
        String p = ReflectionProposer.prompt(r, Map.of("agent/main.py", "def run(q):\n    return llm(q)\n"));
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
    void longTextsAreCutAndLongListsCappedSayingHowManyWereLeftOut() {
        List<Outcome> failed = new ArrayList<>();
        Map<String, String> inputs = new java.util.HashMap<>();
        for (int i = 0; i < ReflectionProposer.MAX_FAILED + 7; i++) {
            failed.add(failed(String.format("c%03d", i), "o".repeat(5000), "reason " + i));
            inputs.put(String.format("c%03d", i), "i".repeat(5000));
        }
        String p = ReflectionProposer.prompt(reflection(failed, List.of(), inputs, List.of(), List.of(), 2), Map.of());
        assertTrue(p.contains("## Failed cases (" + (ReflectionProposer.MAX_FAILED + 7) + ")"));
        assertTrue(p.contains("(7 more failed cases left out)"), p);
        assertTrue(p.contains("[... 3500 more characters cut]"));
        assertFalse(p.contains("i".repeat(ReflectionProposer.INPUT_CHARS + 1)));
        assertFalse(p.contains("case c" + (ReflectionProposer.MAX_FAILED + 1)));
        assertTrue(p.contains("None: this is the agent as deployed."));
    }

    @Test
    void sourceBeyondTheBudgetIsListedByPathOnly() {
        String big = "x".repeat(ReflectionProposer.SOURCE_CHARS);
        String p = ReflectionProposer.prompt(reflection(List.of(), List.of(), Map.of(), List.of(), List.of(), 1),
                new java.util.TreeMap<>(Map.of("agent/a.py", "small", "agent/b.py", big)));
        assertTrue(p.contains("--- agent/a.py ---\nsmall\n"));
        assertFalse(p.contains(big));
        assertTrue(p.contains("contents left out for length (1 files): agent/b.py"), p);
        assertTrue(p.contains("None: every case passed"));
    }

    @Test
    void aBaselineHasNothingToCompareWith() {
        Reflection r = new Reflection("root", "abc", List.of(), Score.of(4, 2, 0.01), null, List.of(), List.of(),
                Map.of(), List.of(), 1, 1);
        String p = ReflectionProposer.prompt(r, Map.of());
        assertTrue(p.contains("This is the baseline"));
        assertTrue(p.contains("Propose exactly 1 edit,"));
    }

    @Test
    void proposalsBecomeEditsWhosePayloadIsTheChange() {
        List<Edit> edits = ReflectionProposer.parse(JsonReplies.read("""
                {"proposals":[
                  {"class":"prompt","files":["agent/prompt.txt","./agent/main.py"],
                   "change":"Tell the model to show its arithmetic. Then check it.",
                   "rationale":"c1 and c4 failed on multiplication",
                   "expected":{"passRate":"+5 points","cost":"+2%"}},
                  {"class":"multi-agent","files":["agent/main.py"],"change":"Split planning from answering"}
                ]}"""), EDITABLE, 2);
        assertEquals(2, edits.size());
        Edit first = edits.get(0);
        assertEquals(EditClass.PROMPT, first.editClass());
        assertEquals(Map.of("files", "agent/main.py,agent/prompt.txt",
                "change", "Tell the model to show its arithmetic. Then check it."), first.payload());
        assertEquals("Tell the model to show its arithmetic. Why: c1 and c4 failed on multiplication "
                + "Expected: pass-rate +5 points, cost +2%.", first.description());
        assertEquals(EditClass.MULTI_AGENT, edits.get(1).editClass());
        assertEquals("Split planning from answering", edits.get(1).description());
    }

    @Test
    void unusableRepliesAreRejectedWithAnActionableMessage() {
        assertEquals(List.of("no \"proposals\" array"),
                problems("{\"edits\":[]}", "no \"proposals\" array"));
        problems("{\"proposals\":[]}", "is empty: propose 2 edits");
        problems("{\"proposals\":[{\"class\":\"vibes\",\"files\":[\"agent/a.py\"],\"change\":\"x\"}]}",
                "proposal 1 has unknown class \"vibes\": use one of prompt, tool, scaffold, memory, routing, "
                        + "multi_agent");
        problems("{\"proposals\":[{\"class\":\"tool\",\"files\":[\"agent/a.py\"],\"change\":\"x\"},"
                        + "{\"class\":\"tool\",\"files\":[\"secrets/keys.env\"],\"change\":\"x\"}]}",
                "proposal 2 targets \"secrets/keys.env\", which is not an editable file");
        problems("{\"proposals\":[{\"class\":\"tool\",\"files\":[\"agent/a.py\"],\"change\":\"  \"}]}",
                "proposal 1 has an empty \"change\"");
        problems("{\"proposals\":[{\"class\":\"tool\",\"change\":\"x\"}]}", "proposal 1 has no \"files\" array");
    }

    private static List<String> problems(String reply, String expected) {
        JsonNode json = JsonReplies.read(reply);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReflectionProposer.parse(json, EDITABLE, 2));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        return List.of(expected);
    }
}
