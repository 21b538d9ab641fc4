package io.alp.judge.rubric;

import io.alp.engine.llm.MalformedReplyException;
import io.alp.engine.llm.MeteredLlm;
import io.alp.engine.model.Case;
import io.alp.engine.port.Judge;
import io.alp.engine.port.RunResult;
import io.alp.engine.port.Verdict;
import io.alp.evaluator.llm.OpenAiLlmClient;
import io.alp.evaluator.llm.Protocol;
import io.alp.evaluator.llm.ProviderSpec;
import io.alp.evaluator.testkit.ScriptedLlmServer;
import io.alp.evaluator.testkit.ScriptedLlmServer.Call;
import io.alp.evaluator.testkit.ScriptedLlmServer.Reply;
import io.alp.evaluator.testkit.TestPrices;
import io.alp.judge.VotingJudge;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rubric judge against a scripted OpenAI-compatible server on loopback. */
class RubricJudgeTest {

    private static final String MODEL = "scripted/judge";
    /** $1 per million input tokens, $4 per million output tokens. */
    private static final TestPrices PRICES = TestPrices.of(MODEL, 1.0, 4.0);
    private static final String RUBRIC = "RUBRIC: pass when the total applies every discount code.";
    private static final Case CASE = new Case("case-3", "CASE-INPUT: 2 items at $50 with code SAVE20",
            Map.of("route", "checkout"));
    private static final RunResult OUTPUT = new RunResult("AGENT-OUTPUT: Total $100", 300, 20, 0.001, null);
    private static final double ONE_CALL = (500 * 1.0 + 40 * 4.0) / 1e6;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private RubricJudge judge(Function<Call, Reply> script) {
        ScriptedLlmServer server = ScriptedLlmServer.start(script);
        open.add(server);
        this.server = server;
        OpenAiLlmClient client = new OpenAiLlmClient(new ProviderSpec("scripted", Protocol.OPENAI,
                server.openAiBaseUrl(), null, null, Duration.ofSeconds(20), 0), name -> null);
        open.add(client);
        return new RubricJudge(new MeteredLlm(client, PRICES), MODEL, RUBRIC, 300);
    }

    private ScriptedLlmServer server;

    private static Reply answer(boolean pass, double score, String reason) {
        return Reply.text("{\"pass\": " + pass + ", \"score\": " + score + ", \"reason\": \"" + reason + "\"}",
                500, 40, 0);
    }

    private static Verdict join(CompletionStage<Verdict> stage) {
        return stage.toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
    }

    @Test
    void aPassingVerdictCarriesTheReasonAndTheCost() {
        RubricJudge judge = judge(call -> answer(true, 0.9, "The discount is applied correctly."));
        Verdict v = join(judge.judge(CASE, OUTPUT, 0));
        assertEquals(new Verdict(true, "The discount is applied correctly.", ONE_CALL, 1.0), v);

        Call call = server.calls().get(0);
        assertEquals("judge", call.model());
        assertEquals(0.0, call.json().path("temperature").asDouble(-1), 1e-9);
        String prompt = call.lastUserMessage();
        assertTrue(prompt.contains(RUBRIC));
        assertTrue(prompt.contains("CASE-INPUT: 2 items at $50 with code SAVE20"));
        assertTrue(prompt.contains("AGENT-OUTPUT: Total $100"));
        assertFalse(prompt.contains("Reference answer"));
        assertTrue(call.system().contains("\"pass\": true|false"));
    }

    @Test
    void aFailingVerdict() {
        RubricJudge judge = judge(call -> answer(false, 0.1, "SAVE20 was ignored: the total should be $80."));
        Verdict v = join(judge.judge(CASE, OUTPUT, 0));
        assertFalse(v.pass());
        assertEquals("SAVE20 was ignored: the total should be $80.", v.reason());
        assertEquals(1.0, v.agreement());
    }

    @Test
    void anExpectedAnswerIsShownToTheJudge() {
        RubricJudge judge = judge(call -> answer(false, 0, "Wrong total."));
        Case withExpected = new Case("case-4", "2 items at $50 with SAVE20", Map.of("expected", "EXPECTED: $80"));
        join(judge.judge(withExpected, OUTPUT, 0));
        String prompt = server.calls().get(0).lastUserMessage();
        assertTrue(prompt.contains("## Reference answer\nEXPECTED: $80"), prompt);
    }

    @Test
    void laterSamplesAreDrawnWarm() {
        RubricJudge judge = judge(call -> answer(true, 1, "ok"));
        join(judge.judge(CASE, OUTPUT, 2));
        assertEquals(0.7, server.calls().get(0).json().path("temperature").asDouble(), 1e-9);
        assertEquals("judge/case-3/2", judge.request(CASE, OUTPUT, 2).tag());
        assertEquals("judge/case-3/0", judge.request(CASE, OUTPUT, 0).tag());
    }

    @Test
    void anUnusableReplyIsRepairedOnceNamingTheProblem() {
        AtomicInteger n = new AtomicInteger();
        RubricJudge judge = judge(call -> n.getAndIncrement() == 0
                ? Reply.text("{\"pass\": \"yes\", \"score\": 0.8, \"reason\": \"fine\"}", 500, 40, 0)
                : answer(true, 0.8, "Applies the discount."));
        Verdict v = join(judge.judge(CASE, OUTPUT, 0));
        assertTrue(v.pass());
        assertEquals("Applies the discount.", v.reason());
        assertEquals(2 * ONE_CALL, v.costUsd(), 1e-12);
        assertEquals(2, server.calls().size());
        String repair = server.calls().get(1).lastUserMessage();
        assertTrue(repair.contains("\"pass\" must be true or false, got \"yes\""), repair);
    }

    @Test
    void twoUnusableRepliesFailWithTheirCost() {
        RubricJudge judge = judge(call -> Reply.text("{\"pass\": true, \"score\": 7, \"reason\": \"great\"}",
                500, 40, 0));
        CompletionException e = assertThrows(CompletionException.class, () -> join(judge.judge(CASE, OUTPUT, 0)));
        MalformedReplyException malformed = assertInstanceOf(MalformedReplyException.class, e.getCause());
        assertTrue(malformed.getMessage().contains("\"score\" must be a number from 0 to 1"), malformed.getMessage());
        assertEquals(2 * ONE_CALL, malformed.costUsd(), 1e-12);
    }

    @Test
    void votingOverThreeSamplesTakesTheMajority() {
        AtomicInteger n = new AtomicInteger();
        RubricJudge rubric = judge(call -> switch (n.getAndIncrement()) {
            case 0 -> answer(false, 0.4, "The discount looks missing.");
            case 1 -> answer(true, 0.7, "The discount is applied.");
            default -> answer(true, 0.8, "Correct total after SAVE20.");
        });
        Judge voting = VotingJudge.of(rubric, 3);
        Verdict v = join(voting.judge(CASE, OUTPUT, 0));
        assertTrue(v.pass());
        assertEquals("The discount is applied.", v.reason());
        assertEquals(2.0 / 3, v.agreement(), 1e-12);
        assertEquals(3 * ONE_CALL, v.costUsd(), 1e-12);
        assertEquals(List.of(0.0, 0.7, 0.7), server.calls().stream()
                .map(c -> c.json().path("temperature").asDouble()).toList());
        assertEquals(3 * rubric.maxCostPerCaseUsd(), voting.maxCostPerCaseUsd(), 1e-12);
    }

    @Test
    void votingStopsEarlyWhenTheSamplesAgree() {
        RubricJudge rubric = judge(call -> answer(false, 0.1, "Total ignores SAVE20."));
        Verdict v = join(VotingJudge.of(rubric, 3).judge(CASE, OUTPUT, 0));
        assertFalse(v.pass());
        assertEquals(1.0, v.agreement());
        assertEquals(2, server.calls().size());
    }

    @Test
    void theCostBoundCoversTheLargestCaseAndARepair() {
        RubricJudge judge = judge(call -> answer(true, 1, "ok"));
        String huge = "x".repeat(3 * RubricJudge.TEXT_CHARS);
        String prompt = RubricJudge.prompt(RUBRIC, new Case("c", huge, Map.of("expected", huge)),
                new RunResult(huge, 0, 0, 0, huge));
        long tokens = (long) Math.ceil((prompt.length() + RubricJudge.SYSTEM.length()) / 3.0);
        // first call: the prompt and the reply; repair: the prompt, the first reply, a note and the second reply
        double bound = PRICES.costUsd(MODEL, new io.alp.engine.port.LlmClient.Usage(tokens, 300, 0, 0))
                + PRICES.costUsd(MODEL, new io.alp.engine.port.LlmClient.Usage(tokens + 300 + 200, 300, 0, 0));
        assertTrue(judge.maxCostPerCaseUsd() >= bound, judge.maxCostPerCaseUsd() + " < " + bound);
    }

    @Test
    void badConfigurationIsRefusedUpFront() {
        MeteredLlm llm = new MeteredLlm(null, PRICES);
        assertThrows(IllegalArgumentException.class, () -> new RubricJudge(llm, "scripted/unpriced", RUBRIC, 100));
        assertThrows(IllegalArgumentException.class, () -> new RubricJudge(llm, MODEL, " ", 100));
        assertThrows(IllegalArgumentException.class, () -> new RubricJudge(llm, MODEL, RUBRIC, 0));
    }
}
