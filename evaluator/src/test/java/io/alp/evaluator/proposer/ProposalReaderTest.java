package io.alp.evaluator.proposer;

import com.fasterxml.jackson.databind.JsonNode;
import io.alp.engine.llm.JsonReplies;
import io.alp.engine.model.Edit;
import io.alp.engine.model.EditClass;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading the model's replies into edits, without a model. */
class ProposalReaderTest {

    static final Predicate<String> EDITABLE = p -> p.startsWith("agent/");

    @Test
    void proposalsBecomeEditsWhosePayloadIsTheChange() {
        List<Edit> edits = ProposalReader.read(JsonReplies.read("""
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
        problems("{\"edits\":[]}", "no \"proposals\" array");
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

    private static void problems(String reply, String expected) {
        JsonNode json = JsonReplies.read(reply);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProposalReader.read(json, EDITABLE, 2));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
