package io.alp.evaluator.proposer;

import com.fasterxml.jackson.databind.JsonNode;
import io.alp.engine.llm.JsonReplies;
import io.alp.engine.llm.MeteredLlm;
import io.alp.engine.model.Edit;
import io.alp.engine.model.EditClass;
import io.alp.engine.model.Outcome;
import io.alp.engine.model.Score;
import io.alp.engine.port.LlmClient;
import io.alp.engine.port.ProposalBatch;
import io.alp.engine.port.Proposer;
import io.alp.engine.port.Reflection;
import io.alp.engine.search.Reflections;
import io.alp.evaluator.source.SourceFiles;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * Proposes edits to a real agent by asking a model to reflect on a parent node: its failed cases with the judge's
 * reasons, a few passed cases, how pass-rate and cost moved against its own parent, the edits already on its branch,
 * the agent's editable source, and the edits it must not repeat. The model answers JSON; each proposal becomes one
 * {@link Edit} whose payload ({@code files}, {@code change}) is the change itself and whose description is
 * commentary (summary, rationale, expected effect).
 *
 * <p>The prompt is bounded: texts are cut, lists are capped (saying how many were left out), and source beyond
 * {@link #SOURCE_CHARS} is listed by path only, so {@link #maxCostUsd} is an upper bound that holds whatever the
 * parent looks like.
 */
public final class ReflectionProposer implements Proposer {

    static final int MAX_FAILED = 20;
    static final int MAX_PASSED = 5;
    static final int MAX_HISTORY = 30;
    static final int MAX_EXCLUDED = 60;
    static final int MAX_LISTED_PATHS = 200;
    static final int INPUT_CHARS = 1500;
    static final int OUTPUT_CHARS = 1500;
    static final int REASON_CHARS = 600;
    static final int EDIT_CHARS = 600;
    static final int SOURCE_CHARS = 160_000;
    static final double TEMPERATURE = 0.7;

    /** Characters the prompt can hold beyond the source and the capped lists: headings, instructions, paths. */
    private static final int FIXED_CHARS = 6_000 + MAX_LISTED_PATHS * 120;
    /** Conservative: English prose runs near 4 characters a token, code and JSON nearer 3. */
    private static final double CHARS_PER_TOKEN = 3.0;

    static final String SYSTEM = """
            You improve an LLM agent application. You are shown how one version of the agent did on real requests \
            (the cases it failed with the judge's reasons, and some it passed), how it compares with the version \
            it came from, the edits that led to it, and its editable source files. Propose edits that fix the \
            causes of the failures or cut cost without losing quality. Each proposal is ONE self-contained change \
            (a worker will apply it to the source on its own), concrete enough to implement without guessing: say \
            which function, prompt text, tool, step or model to change and how. Prefer proposals of different \
            classes. Answer with JSON only.""";

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
            Map<String, String> files = editableFiles(source.files(reflection.sourceRef()));
            LlmClient.Request request = request(reflection, files);
            List<Edit> known = new ArrayList<>(reflection.branchEdits());
            known.addAll(reflection.exclude());
            return JsonReplies.ask(llm, request, json -> parse(json, editable, reflection.count()))
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
        long chars = SYSTEM.length() + FIXED_CHARS + SOURCE_CHARS
                + (long) MAX_FAILED * (INPUT_CHARS + OUTPUT_CHARS + REASON_CHARS + 200)
                + (long) MAX_PASSED * (INPUT_CHARS + OUTPUT_CHARS + REASON_CHARS + 200)
                + (long) (MAX_HISTORY + MAX_EXCLUDED) * (EDIT_CHARS + 100);
        // the repair call resends the prompt with the first reply and a note on what was wrong
        return (long) Math.ceil(chars / CHARS_PER_TOKEN) + maxTokens + 500;
    }

    LlmClient.Request request(Reflection reflection, Map<String, String> editableFiles) {
        return new LlmClient.Request(model, SYSTEM, List.of(LlmClient.Message.user(prompt(reflection, editableFiles))),
                maxTokens, TEMPERATURE, "propose/" + reflection.nodeId() + "/" + reflection.seed());
    }

    private Map<String, String> editableFiles(Map<String, String> all) {
        Map<String, String> kept = new TreeMap<>();
        all.forEach((path, content) -> {
            if (editable.test(path)) {
                kept.put(path, content);
            }
        });
        return kept;
    }

    // ---- the prompt ----

    static String prompt(Reflection r, Map<String, String> editableFiles) {
        StringBuilder p = new StringBuilder();
        p.append("# Version under review: node ").append(r.nodeId()).append("\n\n");
        scores(p, r.score(), r.parentScore());
        failures(p, r);
        passes(p, r);
        history(p, r.branchEdits());
        sources(p, editableFiles);
        excluded(p, r.exclude());
        instructions(p, r.count());
        return p.toString();
    }

    private static void scores(StringBuilder p, Score score, Score parent) {
        p.append("## Score\n");
        if (score == null) {
            p.append("Not scored.\n\n");
            return;
        }
        p.append(String.format(Locale.ROOT, "This version: pass-rate %s (%d of %d cases, 95%% interval %s to %s), "
                        + "mean cost per case $%.5f.%n", pct(score.passRate()), score.passes(), score.cases(),
                pct(score.passLow()), pct(score.passHigh()), score.costPerCase()));
        if (score.judgeAgreement() < 1) {
            p.append(String.format(Locale.ROOT, "Judge agreement: %s of samples agreed with the verdicts.%n",
                    pct(score.judgeAgreement())));
        }
        if (parent == null) {
            p.append("This is the baseline: there is no earlier version to compare with.\n\n");
            return;
        }
        double points = (score.passRate() - parent.passRate()) * 100;
        String costChange = parent.costPerCase() > 0
                ? String.format(Locale.ROOT, "%+.1f%%", (score.costPerCase() / parent.costPerCase() - 1) * 100)
                : "n/a";
        p.append(String.format(Locale.ROOT, "The version it came from: pass-rate %s (%d of %d), cost per case "
                        + "$%.5f. Change: %+.1f points of pass-rate, %s cost per case.%n%n",
                pct(parent.passRate()), parent.passes(), parent.cases(), parent.costPerCase(), points, costChange));
    }

    private static void failures(StringBuilder p, Reflection r) {
        List<Outcome> failed = r.failed();
        p.append("## Failed cases (").append(failed.size()).append(")\n");
        if (failed.isEmpty()) {
            p.append("None: every case passed. Propose edits that cut cost without losing quality.\n");
        }
        int shown = Math.min(MAX_FAILED, failed.size());
        for (int i = 0; i < shown; i++) {
            caseBlock(p, i + 1, failed.get(i), r.inputs());
        }
        if (failed.size() > shown) {
            p.append("(").append(failed.size() - shown).append(" more failed cases left out)\n");
        }
        p.append('\n');
    }

    private static void passes(StringBuilder p, Reflection r) {
        List<Outcome> passed = r.passedSample();
        if (passed.isEmpty()) {
            return;
        }
        p.append("## A sample of passed cases (keep these passing)\n");
        int shown = Math.min(MAX_PASSED, passed.size());
        for (int i = 0; i < shown; i++) {
            caseBlock(p, i + 1, passed.get(i), r.inputs());
        }
        if (passed.size() > shown) {
            p.append("(").append(passed.size() - shown).append(" more passed cases left out)\n");
        }
        p.append('\n');
    }

    private static void caseBlock(StringBuilder p, int n, Outcome o, Map<String, String> inputs) {
        p.append("### ").append(n).append(". case ").append(o.caseId())
                .append(String.format(Locale.ROOT, " (cost $%.5f, %d input / %d output tokens)%n", o.costUsd(),
                        o.inputTokens(), o.outputTokens()));
        String input = inputs.get(o.caseId());
        p.append("Input:\n").append(input == null ? "(not available)" : cut(input, INPUT_CHARS)).append('\n');
        p.append("Output:\n").append(o.output() == null || o.output().isEmpty() ? "(empty)"
                : cut(o.output(), OUTPUT_CHARS)).append('\n');
        p.append("Judge: ").append(cut(o.reason() == null ? "(no reason given)" : o.reason(), REASON_CHARS))
                .append("\n\n");
    }

    private static void history(StringBuilder p, List<Edit> branch) {
        p.append("## Edits on this branch, from the baseline (").append(branch.size()).append(")\n");
        if (branch.isEmpty()) {
            p.append("None: this is the agent as deployed.\n");
        }
        int skip = Math.max(0, branch.size() - MAX_HISTORY);
        if (skip > 0) {
            p.append("(").append(skip).append(" earliest edits left out)\n");
        }
        for (int i = skip; i < branch.size(); i++) {
            p.append(i + 1).append(". ").append(editLine(branch.get(i))).append('\n');
        }
        p.append('\n');
    }

    private static void sources(StringBuilder p, Map<String, String> files) {
        p.append("## Editable source files (").append(files.size()).append(")\n");
        if (files.isEmpty()) {
            p.append("None could be read.\n");
        }
        int budget = SOURCE_CHARS;
        List<String> omitted = new ArrayList<>();
        for (Map.Entry<String, String> f : files.entrySet()) {
            String content = f.getValue() == null ? "" : f.getValue();
            if (content.length() > budget) {
                omitted.add(f.getKey());
                continue;
            }
            budget -= content.length();
            p.append("--- ").append(f.getKey()).append(" ---\n").append(content);
            if (!content.endsWith("\n")) {
                p.append('\n');
            }
            p.append("--- end of ").append(f.getKey()).append(" ---\n\n");
        }
        if (!omitted.isEmpty()) {
            p.append("Also editable, contents left out for length (").append(omitted.size()).append(" files): ");
            p.append(String.join(", ", omitted.subList(0, Math.min(MAX_LISTED_PATHS, omitted.size()))));
            if (omitted.size() > MAX_LISTED_PATHS) {
                p.append(" and ").append(omitted.size() - MAX_LISTED_PATHS).append(" more");
            }
            p.append("\n\n");
        }
    }

    private static void excluded(StringBuilder p, List<Edit> exclude) {
        if (exclude.isEmpty()) {
            return;
        }
        p.append("## Already tried from this version: do not propose these again (").append(exclude.size())
                .append(")\n");
        int shown = Math.min(MAX_EXCLUDED, exclude.size());
        for (int i = 0; i < shown; i++) {
            p.append("- ").append(editLine(exclude.get(i))).append('\n');
        }
        if (exclude.size() > shown) {
            p.append("(").append(exclude.size() - shown).append(" more left out)\n");
        }
        p.append('\n');
    }

    private static void instructions(StringBuilder p, int count) {
        p.append("## Your task\n")
                .append("Propose exactly ").append(count).append(count == 1 ? " edit" : " different edits")
                .append(", none a repeat of an edit above. Answer with only this JSON:\n")
                .append("{\"proposals\":[{\"class\":\"prompt|tool|scaffold|memory|routing|multi_agent\","
                        + "\"files\":[\"path\",...],\"change\":\"what to change, concretely\","
                        + "\"rationale\":\"why, from which failures\","
                        + "\"expected\":{\"passRate\":\"e.g. +5 points\",\"cost\":\"e.g. -10%\"}}]}\n")
                .append("Classes: prompt (instructions, examples, output format), tool (add, remove or change a "
                        + "tool), scaffold (control flow: steps, checks, retries), memory (what context is kept "
                        + "or dropped), routing (which model serves which call or request), multi_agent (split "
                        + "the work between agents). \"files\" lists the editable files the change touches, by "
                        + "the paths shown above.\n");
    }

    private static String editLine(Edit e) {
        StringBuilder s = new StringBuilder("[").append(className(e.editClass())).append("] ");
        String files = e.payload().get("files");
        String change = e.payload().get("change");
        if (change != null) {
            if (files != null) {
                s.append("files ").append(files).append(": ");
            }
            s.append(oneLine(cut(change, EDIT_CHARS)));
        } else {
            s.append(oneLine(cut(e.description().isBlank() ? String.valueOf(e.payload()) : e.description(),
                    EDIT_CHARS)));
        }
        return s.toString();
    }

    // ---- the reply ----

    /**
     * The proposals in a reply, in order.
     *
     * @throws IllegalArgumentException naming what is wrong and how to fix it
     */
    static List<Edit> parse(JsonNode reply, Predicate<String> editable, int count) {
        JsonNode proposals = reply == null ? null : reply.get("proposals");
        if (proposals == null || !proposals.isArray()) {
            throw new IllegalArgumentException("the reply has no \"proposals\" array: answer "
                    + "{\"proposals\":[{\"class\":...,\"files\":[...],\"change\":...,\"rationale\":...,"
                    + "\"expected\":{...}}]}");
        }
        if (proposals.isEmpty()) {
            throw new IllegalArgumentException("the \"proposals\" array is empty: propose " + count + " edits");
        }
        List<Edit> edits = new ArrayList<>();
        for (int i = 0; i < proposals.size(); i++) {
            edits.add(proposal(proposals.get(i), i + 1, editable));
        }
        return edits;
    }

    private static Edit proposal(JsonNode node, int n, Predicate<String> editable) {
        String where = "proposal " + n;
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + " is not a JSON object");
        }
        EditClass editClass = editClass(node.get("class"), where);
        JsonNode filesNode = node.get("files");
        if (filesNode == null || !filesNode.isArray() || filesNode.isEmpty()) {
            throw new IllegalArgumentException(where + " has no \"files\" array: list the editable files it "
                    + "changes, by the paths shown");
        }
        TreeSet<String> files = new TreeSet<>();
        for (JsonNode f : filesNode) {
            if (!f.isTextual() || f.asText().isBlank()) {
                throw new IllegalArgumentException(where + " has a \"files\" entry that is not a path: " + f);
            }
            String path = normalize(f.asText());
            if (!editable.test(path)) {
                throw new IllegalArgumentException(where + " targets \"" + path + "\", which is not an editable "
                        + "file: target only the editable files shown");
            }
            if (path.contains(",")) {
                throw new IllegalArgumentException(where + " names a path with a comma, \"" + path + "\"");
            }
            files.add(path);
        }
        JsonNode changeNode = node.get("change");
        if (changeNode == null || !changeNode.isTextual() || changeNode.asText().isBlank()) {
            throw new IllegalArgumentException(where + " has an empty \"change\": say concretely what to change");
        }
        String change = changeNode.asText().strip();
        String rationale = text(node.get("rationale"));
        JsonNode expected = node.get("expected");
        String passRate = expected == null ? "" : text(expected.get("passRate"));
        String cost = expected == null ? "" : text(expected.get("cost"));

        Map<String, String> payload = new LinkedHashMap<>();
        payload.put("files", String.join(",", files));
        payload.put("change", change);
        StringBuilder description = new StringBuilder(summary(change));
        if (!rationale.isEmpty()) {
            description.append(" Why: ").append(oneLine(rationale));
        }
        if (!passRate.isEmpty() || !cost.isEmpty()) {
            description.append(" Expected:");
            if (!passRate.isEmpty()) {
                description.append(" pass-rate ").append(oneLine(passRate));
            }
            if (!cost.isEmpty()) {
                description.append(passRate.isEmpty() ? "" : ",").append(" cost ").append(oneLine(cost));
            }
            description.append('.');
        }
        return new Edit(editClass, description.toString(), payload);
    }

    private static EditClass editClass(JsonNode node, String where) {
        String allowed = "prompt, tool, scaffold, memory, routing, multi_agent";
        if (node == null || !node.isTextual()) {
            throw new IllegalArgumentException(where + " has no \"class\": use one of " + allowed);
        }
        String name = node.asText().strip().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        return switch (name) {
            case "prompt" -> EditClass.PROMPT;
            case "tool" -> EditClass.TOOL;
            case "scaffold" -> EditClass.SCAFFOLD;
            case "memory" -> EditClass.MEMORY;
            case "routing" -> EditClass.ROUTING;
            case "multi_agent", "multiagent" -> EditClass.MULTI_AGENT;
            default -> throw new IllegalArgumentException(where + " has unknown class \"" + node.asText()
                    + "\": use one of " + allowed);
        };
    }

    static String className(EditClass c) {
        return c.name().toLowerCase(Locale.ROOT);
    }

    private static String normalize(String path) {
        String p = path.strip().replace('\\', '/');
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        return p;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? "" : (node.isTextual() ? node.asText() : node.toString()).strip();
    }

    /** The change's first sentence or line, at most 160 characters. */
    private static String summary(String change) {
        String line = oneLine(change);
        int stop = line.indexOf(". ");
        if (stop > 0 && stop < 160) {
            return line.substring(0, stop + 1);
        }
        return line.length() <= 160 ? line : line.substring(0, 157) + "...";
    }

    private static String oneLine(String s) {
        return s.strip().replaceAll("\\s+", " ");
    }

    static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        return s.substring(0, max) + " [... " + (s.length() - max) + " more characters cut]";
    }

    private static String pct(double rate) {
        return String.format(Locale.ROOT, "%.1f%%", rate * 100);
    }
}
