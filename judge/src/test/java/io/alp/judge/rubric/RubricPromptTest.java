package io.alp.judge.rubric;

import io.alp.engine.llm.JsonReplies;
import io.alp.engine.model.Case;
import io.alp.engine.port.RunResult;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The judge's prompt and the reading of its replies, without a model. */
class RubricPromptTest {

    private static final String RUBRIC = "Pass when the answer is numerically correct and states units.";

    @Test
    void thePromptHoldsTheRubricTheInputAndTheOutput() {
        String p = RubricJudge.prompt(RUBRIC, new Case("c1", "How far is 3 km in m?", Map.of("route", "math")),
                new RunResult("3000 m", 5, 3, 0.001, null));
        assertTrue(p.contains(RUBRIC));
        assertTrue(p.contains("How far is 3 km in m?"));
        assertTrue(p.contains("## Agent output\n3000 m"));
        assertFalse(p.contains("Reference answer"));
        assertFalse(p.contains("did not finish"));
    }

    @Test
    void anExpectedAnswerIsShownAsTheReference() {
        String p = RubricJudge.prompt(RUBRIC, new Case("c1", "3 km in m?", Map.of("expected", "3000 m")),
                new RunResult("300 m", 5, 3, 0.001, null));
        assertTrue(p.contains("## Reference answer\n3000 m"), p);
        assertTrue(p.contains("using the reference answer as ground truth"));
    }

    @Test
    void anAgentErrorAndAnEmptyOutputAreShown() {
        String p = RubricJudge.prompt(RUBRIC, new Case("c1", "q", Map.of()),
                new RunResult("", 0, 0, 0, "agent timed out after 60s"));
        assertTrue(p.contains("## Agent output\n(empty)"));
        assertTrue(p.contains("agent timed out after 60s"));
    }

    @Test
    void longTextsAreCut() {
        String p = RubricJudge.prompt(RUBRIC, new Case("c1", "q", Map.of()),
                new RunResult("y".repeat(RubricJudge.TEXT_CHARS + 50), 0, 0, 0, null));
        assertFalse(p.contains("y".repeat(RubricJudge.TEXT_CHARS + 1)));
        assertTrue(p.contains("[... 50 more characters cut]"));
    }

    @Test
    void aDecisionIsRead() {
        RubricJudge.Decision d = RubricJudge.parse(JsonReplies.read(
                "```json\n{\"pass\": false, \"score\": 0.2, \"reason\": \" Off by a factor of 10. \"}\n```"));
        assertEquals(new RubricJudge.Decision(false, 0.2, "Off by a factor of 10."), d);
    }

    @Test
    void wrongTypesAndRangesAreRejectedNamingTheField() {
        rejected("[true]", "not a JSON object");
        rejected("{\"pass\":\"yes\",\"score\":1,\"reason\":\"ok\"}", "\"pass\" must be true or false, got \"yes\"");
        rejected("{\"score\":1,\"reason\":\"ok\"}", "\"pass\" must be true or false, got nothing");
        rejected("{\"pass\":true,\"score\":1.5,\"reason\":\"ok\"}", "\"score\" must be a number from 0 to 1, got 1.5");
        rejected("{\"pass\":true,\"score\":\"high\",\"reason\":\"ok\"}", "\"score\" must be a number");
        rejected("{\"pass\":true,\"score\":0.9,\"reason\":\"\"}", "\"reason\" must be one or two sentences");
        rejected("{\"pass\":true,\"score\":0.9}", "\"reason\" must be one or two sentences");
    }

    private static void rejected(String reply, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RubricJudge.parse(JsonReplies.read(reply)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
