package io.alp.evaluator.edit;

import io.alp.engine.llm.MeteredLlm;
import io.alp.engine.llm.PricedReply;
import io.alp.engine.model.Edit;
import io.alp.engine.port.Failures;
import io.alp.engine.port.LlmClient;
import io.alp.engine.port.Materialized;
import io.alp.engine.port.Materializer;
import io.alp.evaluator.edit.BlockApplier.Outcome;
import io.alp.evaluator.edit.SearchReplaceBlocks.Block;
import io.alp.evaluator.source.SourceStore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Materializes an edit by asking a worker model for SEARCH/REPLACE blocks against the parent's editable files.
 * Blocks that fail (no match, ambiguous match, a path that may not be edited, a malformed block) are sent back to
 * the worker with the reason and the files' current contents, up to {@code maxRetries} more times; blocks that
 * applied stay applied. The result is committed on the parent in the {@link SourceStore}.
 *
 * <p>Never completes exceptionally: a failed model call, an unknown parent or a store error yields
 * {@link Materialized#failed} with the cost spent so far.
 */
public final class WorkerMaterializer implements Materializer {

    public static final int DEFAULT_MAX_RETRIES = 2;
    public static final int DEFAULT_MAX_TOKENS = 4096;

    static final String SYSTEM_PROMPT = """
            You edit the source files of an LLM agent. You get the files you may edit, with their full current \
            contents, and one change to make. Make exactly that change and nothing else.

            Answer with SEARCH/REPLACE blocks, one block per contiguous change, in exactly this format:

            path/to/file
            <<<<<<< SEARCH
            the current lines, copied exactly
            =======
            the lines that replace them
            >>>>>>> REPLACE

            Rules:
            - The first line of a block is the file's path exactly as listed, alone on its line.
            - SEARCH must copy the current lines character for character, including indentation, punctuation and \
            blank lines. It must match exactly one place in the file: include enough lines around the change to \
            make it unique, but keep blocks short.
            - Use several blocks to change several places. Every block needs all three marker lines \
            (<<<<<<< SEARCH, =======, >>>>>>> REPLACE).
            - To create a new file, or to fill an empty one, leave SEARCH empty and put the whole content in REPLACE.
            - To delete lines, leave REPLACE empty.
            - Only the listed editable files (and new files matching the editable patterns) may be changed. Blocks \
            for any other path are refused.
            - Reply with the blocks only; any explanation outside the blocks is ignored.
            """;

    private final MeteredLlm llm;
    private final String workerModel;
    private final SourceStore store;
    private final String baselineCommit;
    private final EditablePaths editable;
    private final int maxRetries;
    private final int maxTokens;
    private volatile Double maxCost;

    public WorkerMaterializer(MeteredLlm llm, String workerModel, SourceStore store, String baselineCommit,
                              EditablePaths editable, int maxRetries, int maxTokens) {
        this.llm = Objects.requireNonNull(llm, "llm");
        this.workerModel = Objects.requireNonNull(workerModel, "workerModel");
        this.store = Objects.requireNonNull(store, "store");
        this.baselineCommit = Objects.requireNonNull(baselineCommit, "baselineCommit");
        this.editable = Objects.requireNonNull(editable, "editable");
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries cannot be negative");
        }
        if (maxTokens <= 0) {
            throw new IllegalArgumentException("maxTokens must be positive");
        }
        this.maxRetries = maxRetries;
        this.maxTokens = maxTokens;
    }

    public WorkerMaterializer(MeteredLlm llm, String workerModel, SourceStore store, String baselineCommit,
                              EditablePaths editable) {
        this(llm, workerModel, store, baselineCommit, editable, DEFAULT_MAX_RETRIES, DEFAULT_MAX_TOKENS);
    }

    @Override
    public String baselineSource() {
        return baselineCommit;
    }

    /**
     * Every attempt priced at the baseline's editable source (a token per 3 characters, plus 2,000 for the
     * instructions) in and {@code maxTokens} out.
     */
    @Override
    public double maxCostUsd() {
        Double cached = maxCost;
        if (cached == null) {
            long chars = store.files(baselineCommit, editable).values().stream()
                    .mapToLong(String::length).sum();
            cached = (maxRetries + 1) * llm.maxCostUsd(workerModel, chars / 3 + 2000, maxTokens);
            maxCost = cached;
        }
        return cached;
    }

    /** The candidate's commit becomes {@code refs/alp/<session>/<node>} in the store. */
    @Override
    public void publish(String sessionId, String nodeId, String sourceRef) {
        store.setRef("refs/alp/" + sessionId + "/" + nodeId, sourceRef);
    }

    @Override
    public CompletionStage<Materialized> apply(String parentSource, Edit edit) {
        try {
            SortedMap<String, String> files = store.files(parentSource, editable);
            Run run = new Run(parentSource, edit, files);
            return run.attempt(0).exceptionally(e -> Materialized.failed("edit worker failed: " + message(e),
                    run.cost));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(Materialized.failed("edit worker failed: " + message(e), 0));
        }
    }

    /** One materialization: the conversation so far, the files as edited so far, and the cost spent. */
    private final class Run {
        private final String parent;
        private final Edit edit;
        private final String tagBase;
        private final BlockApplier applier = new BlockApplier(editable);
        private final List<LlmClient.Message> messages = new ArrayList<>();
        /** The parent's editable files, and the same as edited so far (blocks only ever change editable paths). */
        private final SortedMap<String, String> original;
        private SortedMap<String, String> files;
        private volatile double cost;

        Run(String parent, Edit edit, SortedMap<String, String> files) {
            this.parent = parent;
            this.edit = edit;
            this.original = files;
            this.files = files;
            this.tagBase = "worker/" + shortHash(parent + "\n" + edit.key());
            messages.add(LlmClient.Message.user(firstMessage()));
        }

        CompletionStage<Materialized> attempt(int attempt) {
            LlmClient.Request request = new LlmClient.Request(workerModel, SYSTEM_PROMPT, messages, maxTokens, 0.0,
                    tagBase + "/" + attempt);
            CompletionStage<PricedReply> call;
            try {
                call = llm.call(request);
            } catch (RuntimeException e) {
                return CompletableFuture.completedFuture(Materialized.failed("worker model call failed: "
                        + message(e), cost));
            }
            return call.handle((reply, error) -> {
                if (error != null) {
                    return CompletableFuture.completedFuture(Materialized.failed("worker model call failed: "
                            + message(error), cost));
                }
                cost += reply.costUsd();
                return afterReply(attempt, reply.text());
            }).thenCompose(next -> next);
        }

        private CompletionStage<Materialized> afterReply(int attempt, String reply) {
            SearchReplaceBlocks.Parsed parsed = SearchReplaceBlocks.parseAll(reply);
            List<String> failures = new ArrayList<>(parsed.errors());
            Set<String> concerned = new LinkedHashSet<>();
            BlockApplier.Result result = applier.apply(files, parsed.blocks());
            files = result.files();
            for (Outcome outcome : result.outcomes()) {
                if (!outcome.applied()) {
                    failures.add("block " + outcome.number() + " (" + outcome.block().path() + "): "
                            + outcome.failure());
                    concerned.add(outcome.block().path());
                }
            }
            if (parsed.blocks().isEmpty() && parsed.errors().isEmpty()) {
                failures.add("the reply holds no SEARCH/REPLACE blocks");
            }
            if (failures.isEmpty()) {
                try {
                    return CompletableFuture.completedFuture(commit());
                } catch (IllegalArgumentException refused) {
                    // a link, or a file where a directory is: said to the worker like a block that did not apply
                    failures.add(refused.getMessage());
                }
            }
            if (attempt >= maxRetries) {
                return CompletableFuture.completedFuture(Materialized.failed("the worker's edit did not apply after "
                        + (attempt + 1) + (attempt == 0 ? " attempt: " : " attempts: ")
                        + String.join("; ", failures), cost));
            }
            messages.add(LlmClient.Message.assistant(reply));
            messages.add(LlmClient.Message.user(feedback(failures, concerned)));
            return attempt(attempt + 1);
        }

        private Materialized commit() {
            String first = edit.description().lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst()
                    .orElse(edit.key());
            Map<String, String> changed = new TreeMap<>();
            files.forEach((path, content) -> {
                if (!content.equals(original.get(path))) {
                    changed.put(path, content);
                }
            });
            String commit = store.commitChanges(parent, changed, "[" + edit.editClass() + "] " + first + "\n");
            return Materialized.ok(commit, cost);
        }

        private String firstMessage() {
            StringBuilder out = new StringBuilder();
            out.append("Editable path patterns: ").append(editable).append("\n\n");
            if (files.isEmpty()) {
                out.append("No editable files exist yet; you may create files matching the patterns.\n\n");
            } else {
                out.append("Editable files with their current contents:\n\n");
                files.forEach((path, content) -> appendFile(out, path, content));
            }
            out.append("The change to make (class ").append(edit.editClass()).append("):\n")
                    .append(edit.description().strip()).append("\n");
            if (!edit.payload().isEmpty()) {
                out.append("\nDetails:\n");
                for (Map.Entry<String, String> entry : edit.payload().entrySet()) {
                    out.append("- ").append(entry.getKey()).append(": ").append(entry.getValue()).append("\n");
                }
            }
            String targets = edit.payload().get("files");
            if (targets != null && !targets.isBlank()) {
                out.append("\nThe files to change: ").append(targets.strip()).append("\n");
            }
            out.append("\nAnswer with SEARCH/REPLACE blocks only.");
            return out.toString();
        }

        private String feedback(List<String> failures, Set<String> concerned) {
            StringBuilder out = new StringBuilder();
            out.append("Some of your blocks could not be applied. Blocks that applied are kept: do not send them "
                    + "again.\n\nFailed:\n");
            for (String failure : failures) {
                out.append("- ").append(failure.strip()).append("\n");
            }
            boolean refused = concerned.stream().anyMatch(p -> !editable.allows(p));
            if (refused) {
                out.append("\nOnly these paths may be edited: ").append(editable).append("\n");
            }
            List<String> shown = concerned.stream().filter(p -> editable.allows(p) && files.containsKey(p)).toList();
            if (shown.isEmpty()) {
                shown = List.copyOf(files.keySet());
            }
            if (!shown.isEmpty()) {
                out.append("\nCurrent contents of the files concerned:\n\n");
                for (String path : shown) {
                    appendFile(out, path, files.get(path));
                }
            }
            out.append("Send corrected SEARCH/REPLACE blocks for the failed changes only, copying SEARCH lines exactly "
                    + "from the current contents above.");
            return out.toString();
        }
    }

    private static void appendFile(StringBuilder out, String path, String content) {
        String fence = fenceFor(content);
        out.append(path).append('\n').append(fence).append('\n').append(content);
        if (!content.endsWith("\n")) {
            out.append('\n');
        }
        out.append(fence).append("\n\n");
    }

    /** A backtick fence longer than any run of backticks in the content. */
    private static String fenceFor(String content) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < content.length(); i++) {
            run = content.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return "`".repeat(Math.max(3, longest + 1));
    }

    static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String message(Throwable e) {
        Throwable cause = Failures.cause(e);
        String text = cause.getMessage();
        return text == null || text.isBlank() ? cause.getClass().getSimpleName() : text;
    }
}
