package io.alp.agentworld.runner;

import io.alp.engine.llm.MeteredLlm;
import io.alp.engine.model.Case;
import io.alp.engine.port.CandidateRunner;
import io.alp.engine.port.Failures;
import io.alp.engine.port.LlmClient;
import io.alp.engine.port.RunResult;
import io.alp.evaluator.source.SourceFiles;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs a {@link PromptAgent} candidate on a case: its system prompt and the case's input, sent to its model. A
 * candidate whose source no longer describes an agent, or that routes to a model outside the session's list, fails
 * the case with the reason; so does a model call that failed after the provider's retries.
 */
public final class PromptAgentRunner implements CandidateRunner {

    /** Input bound per case used to reserve budget: the system prompt plus this many tokens of case input. */
    static final long CASE_INPUT_TOKENS = 4_000;

    private final MeteredLlm llm;
    private final SourceFiles source;
    private final String manifest;
    private final Set<String> models;
    private final Map<String, PromptAgent> agents = new ConcurrentHashMap<>();

    public PromptAgentRunner(MeteredLlm llm, SourceFiles source, String manifest, List<String> models) {
        this.llm = llm;
        this.source = source;
        this.manifest = manifest;
        this.models = Set.copyOf(models);
    }

    @Override
    public CompletionStage<RunResult> run(String sourceRef, Case c) {
        PromptAgent agent;
        try {
            agent = agent(sourceRef);
        } catch (IllegalArgumentException broken) {
            return CompletableFuture.completedFuture(new RunResult("", 0, 0, 0, broken.getMessage()));
        }
        var request = new LlmClient.Request(agent.model(), agent.systemPrompt(),
                List.of(LlmClient.Message.user(c.input())), agent.maxTokens(), agent.temperature(), "run/" + c.id());
        return llm.call(request).handle((reply, failure) -> failure == null
                ? new RunResult(reply.text(), reply.usage().inputTokens(), reply.usage().outputTokens(),
                reply.costUsd(), null)
                : new RunResult("", 0, 0, 0, "the model call failed: " + Failures.cause(failure).getMessage()));
    }

    @Override
    public double maxCostPerCaseUsd(String sourceRef) {
        try {
            PromptAgent agent = agent(sourceRef);
            return llm.maxCostUsd(agent.model(), agent.systemPrompt().length() / 3 + CASE_INPUT_TOKENS,
                    agent.maxTokens());
        } catch (IllegalArgumentException broken) {
            return 0; // every case fails without a call
        }
    }

    private PromptAgent agent(String sourceRef) {
        return agents.computeIfAbsent(sourceRef, ref -> {
            PromptAgent agent = PromptAgent.read(source.files(ref), manifest);
            if (!models.contains(agent.model())) {
                throw new IllegalArgumentException(manifest + " routes to " + agent.model()
                        + ", which is not among the session's models " + models);
            }
            return agent;
        });
    }
}
