package io.alp.judge.rubric;

import com.fasterxml.jackson.databind.JsonNode;
import io.alp.engine.llm.JsonReplies;
import io.alp.engine.llm.MeteredLlm;
import io.alp.engine.model.Case;
import io.alp.engine.port.Judge;
import io.alp.engine.port.LlmClient;
import io.alp.engine.port.RunResult;
import io.alp.engine.port.Verdict;
import io.alp.evaluator.proposer.Texts;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An LLM judge: one model call per sample scores an output under the team's rubric, pass or fail with a short
 * reason. Sample 0 is asked at temperature 0; later samples (drawn by {@code VotingJudge}) at
 * {@value #SAMPLE_TEMPERATURE}, so that they can disagree. An unusable reply gets one repair; a second one
 * completes the verdict exceptionally with a {@code MalformedReplyException} that carries what both calls cost.
 */
public final class RubricJudge implements Judge {

    /** The case attribute holding a reference answer, shown to the judge when present. */
    public static final String EXPECTED = "expected";
    static final double SAMPLE_TEMPERATURE = 0.7;
    /** Longest input, expected answer, output or error shown to the judge; longer ones are cut, saying so. */
    static final int TEXT_CHARS = 20_000;
    /** Conservative: prose runs near 4 characters a token, code and JSON nearer 3. */
    private static final double CHARS_PER_TOKEN = 3.0;

    static final String SYSTEM = """
            You are a strict, fair judge of an AI agent's answers. You are given a rubric, the request the agent \
            received, sometimes a reference answer, and the agent's output. Decide whether the output meets the \
            rubric. Answer with JSON only: {"pass": true|false, "score": 0..1, "reason": "one or two sentences \
            naming what is wrong or right"}. The reason must be specific enough for an engineer to fix the agent.""";

    private final MeteredLlm llm;
    private final String model;
    private final String rubric;
    private final int maxTokens;

    public RubricJudge(MeteredLlm llm, String judgeModel, String rubric, int maxTokens) {
        this.llm = Objects.requireNonNull(llm, "llm");
        this.model = Objects.requireNonNull(judgeModel, "judgeModel");
        if (rubric == null || rubric.isBlank()) {
            throw new IllegalArgumentException("the judge rubric is empty: say what a passing answer does");
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("judge maxTokens must be positive, got " + maxTokens);
        }
        this.rubric = rubric.strip();
        this.maxTokens = maxTokens;
        llm.requirePrice(judgeModel);
    }

    @Override
    public CompletionStage<Verdict> judge(Case c, RunResult result, int sample) {
        try {
            return JsonReplies.ask(llm, request(c, result, sample), RubricJudge::parse)
                    .thenApply(p -> new Verdict(p.value().pass(), p.value().reason(), p.costUsd(), 1.0));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * One sample's bound: the largest prompt this judge builds for a case, the reply at {@code maxTokens}, and the
     * repair call that resends both. {@code VotingJudge} multiplies it by its samples.
     */
    @Override
    public double maxCostPerCaseUsd() {
        long promptChars = SYSTEM.length() + rubric.length() + 4L * (TEXT_CHARS + 100) + 1_000;
        long inputTokens = (long) Math.ceil(promptChars / CHARS_PER_TOKEN) + maxTokens + 200;
        return llm.maxCostUsd(model, inputTokens, maxTokens) * 2;
    }

    LlmClient.Request request(Case c, RunResult result, int sample) {
        return new LlmClient.Request(model, SYSTEM, List.of(LlmClient.Message.user(prompt(rubric, c, result))), maxTokens,
                sample == 0 ? 0.0 : SAMPLE_TEMPERATURE, "judge/" + c.id() + "/" + sample);
    }

    static String prompt(String rubric, Case c, RunResult result) {
        StringBuilder p = new StringBuilder();
        p.append("## Rubric\n").append(rubric).append("\n\n");
        p.append("## Request (case ").append(c.id()).append(")\n").append(cut(c.input())).append("\n\n");
        String expected = c.attributes().get(EXPECTED);
        if (expected != null && !expected.isBlank()) {
            p.append("## Reference answer\n").append(cut(expected)).append("\n\n");
        }
        String output = result.output() == null ? "" : result.output();
        p.append("## Agent output\n").append(output.isEmpty() ? "(empty)" : cut(output)).append("\n\n");
        if (result.error() != null) {
            p.append("## The agent did not finish\n").append(cut(result.error())).append("\n\n");
        }
        p.append("Judge the agent output under the rubric")
                .append(expected != null && !expected.isBlank() ? ", using the reference answer as ground truth" : "")
                .append(". Answer with only the JSON: {\"pass\": true|false, \"score\": 0..1, \"reason\": \"...\"}");
        return p.toString();
    }

    /** What one judge call decided. */
    record Decision(boolean pass, double score, String reason) {
    }

    /** @throws IllegalArgumentException naming the field that is missing or wrong */
    static Decision parse(JsonNode reply) {
        if (reply == null || !reply.isObject()) {
            throw new IllegalArgumentException("the reply is not a JSON object: answer "
                    + "{\"pass\": true|false, \"score\": 0..1, \"reason\": \"...\"}");
        }
        JsonNode pass = reply.get("pass");
        if (pass == null || !pass.isBoolean()) {
            throw new IllegalArgumentException("\"pass\" must be true or false, got "
                    + (pass == null ? "nothing" : pass.toString()));
        }
        JsonNode score = reply.get("score");
        if (score == null || !score.isNumber() || score.asDouble() < 0 || score.asDouble() > 1
                || Double.isNaN(score.asDouble())) {
            throw new IllegalArgumentException("\"score\" must be a number from 0 to 1, got "
                    + (score == null ? "nothing" : score.toString()));
        }
        JsonNode reason = reply.get("reason");
        if (reason == null || !reason.isTextual() || reason.asText().isBlank()) {
            throw new IllegalArgumentException("\"reason\" must be one or two sentences naming what is wrong or "
                    + "right, got " + (reason == null ? "nothing" : reason.toString()));
        }
        return new Decision(pass.asBoolean(), score.asDouble(), reason.asText().strip());
    }

    private static String cut(String s) {
        return s == null ? "" : Texts.cut(s, TEXT_CHARS);
    }
}
