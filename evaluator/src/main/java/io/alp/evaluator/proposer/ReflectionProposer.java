package io.alp.evaluator.proposer;

import io.alp.engine.llm.JsonReplies;
import io.alp.engine.llm.MeteredLlm;
import io.alp.engine.model.Edit;
import io.alp.engine.port.LlmClient;
import io.alp.engine.port.ProposalBatch;
import io.alp.engine.port.Proposer;
import io.alp.engine.port.Reflection;
import io.alp.engine.search.Reflections;
import io.alp.evaluator.source.SourceFiles;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * Proposes edits to a real agent by showing a model a {@link ReflectionPrompt} on a parent node and reading its JSON
 * answer with {@link ProposalReader}. Proposals that repeat an edit on the branch, an excluded edit or each other are
 * dropped. Because the prompt is bounded, {@link #maxCostUsd} is an upper bound whatever the parent looks like.
 */
public final class ReflectionProposer implements Proposer {

    static final double TEMPERATURE = 0.7;
    /** Conservative: English prose runs near 4 characters a token, code and JSON nearer 3. */
    private static final double CHARS_PER_TOKEN = 3.0;

    private final MeteredLlm llm;
    private final String model;
    private final SourceFiles source;
    private final Predicate<String> editable;
    private final int maxTokens;

    public ReflectionProposer(MeteredLlm llm, String proposerModel, SourceFiles source, Predicate<String> editable,
                              int maxTokens) {
        this.llm = Objects.requireNonNull(llm, "llm");
        this.model = Objects.requireNonNull(proposerModel, "proposerModel");
        this.source = Objects.requireNonNull(source, "source");
        this.editable = Objects.requireNonNull(editable, "editable");
        if (maxTokens < 1) {
            throw new IllegalArgumentException("proposer maxTokens must be positive, got " + maxTokens);
        }
        this.maxTokens = maxTokens;
        llm.requirePrice(proposerModel);
    }

    @Override
    public CompletionStage<ProposalBatch> propose(Reflection reflection) {
        try {
            if (reflection.count() < 1) {
                return CompletableFuture.completedFuture(new ProposalBatch(List.of(), 0));
            }
            Map<String, String> files = source.files(reflection.sourceRef(), editable);
            LlmClient.Request request = request(reflection, files);
            List<Edit> known = new ArrayList<>(reflection.branchEdits());
            known.addAll(reflection.exclude());
            return JsonReplies.ask(llm, request, json -> ProposalReader.read(json, editable, reflection.count()))
                    .thenApply(parsed -> new ProposalBatch(
                            Reflections.distinct(parsed.value(), known, reflection.count()), parsed.costUsd()));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * An upper bound: the largest prompt this proposer builds, the reply at {@code maxTokens}, and one repair call
     * that carries both again.
     */
    @Override
    public double maxCostUsd(int count) {
        return llm.maxCostUsd(model, maxInputTokens(), maxTokens) * 2;
    }

    long maxInputTokens() {
        // the repair call resends the prompt with the first reply and a note on what was wrong
        return (long) Math.ceil(ReflectionPrompt.maxChars() / CHARS_PER_TOKEN) + maxTokens + 500;
    }

    LlmClient.Request request(Reflection reflection, Map<String, String> editableFiles) {
        return new LlmClient.Request(model, ReflectionPrompt.SYSTEM,
                List.of(LlmClient.Message.user(ReflectionPrompt.text(reflection, editableFiles))),
                maxTokens, TEMPERATURE, "propose/" + reflection.nodeId() + "/" + reflection.seed());
    }
}
