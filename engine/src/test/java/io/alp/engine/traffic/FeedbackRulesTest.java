package io.alp.engine.traffic;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeedbackRulesTest {

    private static final FeedbackRules RULES = new FeedbackRules(Map.of(
            "toxicity", new FeedbackRules.Rule(FeedbackRules.Better.LOWER, 0.5),
            "Correctness", new FeedbackRules.Rule(FeedbackRules.Better.HIGHER, 0.5)));

    @Test
    void aConfiguredScoreFailsOnItsBadSideOfTheThresholdOnly() {
        assertFalse(judge(new Feedback("toxicity", 0.0, null, null)).negative(), "toxicity 0 is good");
        assertFalse(judge(new Feedback("toxicity", 0.5, null, null)).negative(), "the threshold itself passes");
        assertTrue(judge(new Feedback("toxicity", 0.9, null, null)).negative());
        assertTrue(judge(new Feedback("correctness", 0.2, null, null)).negative(), "names match in any case");
        assertFalse(judge(new Feedback("correctness", 0.8, null, null)).negative());
    }

    @Test
    void aNumericScoreNoRuleNamesIsKeptButNeverAFailureWhileNegativeLabelsStillAre() {
        Feedback helpfulness = judge(new Feedback("helpfulness", 0.0, null, null));
        assertFalse(helpfulness.negative());
        assertEquals(0.0, helpfulness.value());
        assertTrue(judge(new Feedback("user-feedback", 0.0, "thumbs_down", null)).negative());
        assertFalse(new Feedback("toxicity", 0.0, null, null).negative(), "without rules a bare number never decides");
    }

    private static Feedback judge(Feedback f) {
        Request r = new Request("r", null, null, null, null, "in", null, List.of(), 0, 0, null, null, false,
                List.of(f), List.of(), Map.of());
        return RULES.apply(r).feedback().get(0);
    }
}
