package io.alp.evaluator.proposer;

import io.alp.engine.model.Edit;
import io.alp.engine.model.Outcome;
import io.alp.engine.model.Score;
import io.alp.engine.port.Reflection;
import io.alp.engine.port.ReflectionGoal;
import io.alp.engine.search.SearchConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ObjIntConsumer;

import static io.alp.evaluator.proposer.Texts.cut;
import static io.alp.evaluator.proposer.Texts.oneLine;

/**
 * The prompt that asks a model to reflect on a node: its failed cases with the judge's reasons, a few passed cases,
 * how pass-rate and cost moved against its own parent, the edits already on its branch, the agent's editable source,
 * and the edits it must not repeat.
 *
 * <p>The prompt is bounded: texts are cut, lists are capped (saying how many were left out), and source beyond
 * {@link #SOURCE_CHARS} is listed by path only, so {@link #maxChars} bounds it whatever the node looks like.
 */
final class ReflectionPrompt {

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

    /** Characters the prompt can hold beyond the source and the capped lists: headings, instructions, paths. */
    private static final int FIXED_CHARS = 6_000 + MAX_LISTED_PATHS * 120;

    static final String SYSTEM = """
            You improve an LLM agent application. You are shown how one version of the agent did on real requests \
            (the cases it failed with the judge's reasons, and some it passed), how it compares with the version \
            it came from, the edits that led to it, and its editable source files. Propose edits that fix the \
            causes of the failures or cut cost without losing quality. Each proposal is ONE self-contained change \
            (a worker will apply it to the source on its own), concrete enough to implement without guessing: say \
            which function, prompt text, tool, step or model to change and how. Prefer proposals of different \
            classes. Answer with JSON only.""";

    private ReflectionPrompt() {
    }

    /** The most characters {@link #SYSTEM} and {@link #text} can hold together. */
    static long maxChars() {
        return SYSTEM.length() + FIXED_CHARS + SOURCE_CHARS
                + (long) (MAX_FAILED + MAX_PASSED) * (INPUT_CHARS + OUTPUT_CHARS + REASON_CHARS + 200)
                + (long) (MAX_HISTORY + MAX_EXCLUDED) * (EDIT_CHARS + 100);
    }

    /** The user message for {@code r}, showing {@code editableFiles} in their map's order. */
    static String text(Reflection r, Map<String, String> editableFiles) {
        StringBuilder p = new StringBuilder();
        p.append("# Version under review: node ").append(r.nodeId()).append("\n\n");
        scores(p, r.score(), r.parentScore());
        failures(p, r);
        passes(p, r);
        history(p, r.branchEdits());
        sources(p, editableFiles);
        excluded(p, r.exclude());
        instructions(p, r.count(), r.goal());
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
        firstOf(p, failed, MAX_FAILED, "more failed cases left out", (o, n) -> caseBlock(p, n, o, r.inputs()));
        p.append('\n');
    }

    private static void passes(StringBuilder p, Reflection r) {
        List<Outcome> passed = r.passedSample();
        if (passed.isEmpty()) {
            return;
        }
        p.append("## A sample of passed cases (keep these passing)\n");
        firstOf(p, passed, MAX_PASSED, "more passed cases left out", (o, n) -> caseBlock(p, n, o, r.inputs()));
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

    /** The latest edits are the ones nearest this version, so a long branch loses its earliest. */
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
        firstOf(p, exclude, MAX_EXCLUDED, "more left out", (e, n) -> p.append("- ").append(editLine(e)).append('\n'));
        p.append('\n');
    }

    private static void instructions(StringBuilder p, int count, ReflectionGoal goal) {
        p.append("## Your task\n");
        if (goal == ReflectionGoal.TOP) {
            p.append("This version is among the most accurate found so far. Every edit must aim to make it pass "
                    + "more cases: do not propose cost cuts now; a higher cost is acceptable. The first "
                    + SearchConfig.TOP_EDITS + " of your edits will be applied together, in the order given, as "
                    + "one new version, so put the likeliest to help first: each should fix a different cause of "
                    + "the failures above, and none should undo another or an earlier change that helped (such "
                    + "an edit is left out).\n");
        } else if (goal == ReflectionGoal.CHEAP) {
            p.append("This version is the cheapest found so far. Every edit must aim to make it cheaper while "
                    + "losing as few cases as possible: route calls that do not need a strong model to a cheaper "
                    + "one, keep less context, drop steps or tools that do not pay for themselves. Do not "
                    + "propose fixes that add cost now.\n");
        }
        p.append("Propose exactly ").append(count).append(count == 1 ? " edit" : " different edits")
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

    /** Shows the first {@code max} items, numbered from 1, then how many more were {@code leftOut}. */
    private static <T> void firstOf(StringBuilder p, List<T> items, int max, String leftOut, ObjIntConsumer<T> show) {
        int shown = Math.min(max, items.size());
        for (int i = 0; i < shown; i++) {
            show.accept(items.get(i), i + 1);
        }
        if (items.size() > shown) {
            p.append("(").append(items.size() - shown).append(' ').append(leftOut).append(")\n");
        }
    }

    private static String editLine(Edit e) {
        StringBuilder s = new StringBuilder("[").append(e.editClass().name().toLowerCase(Locale.ROOT)).append("] ");
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

    private static String pct(double rate) {
        return String.format(Locale.ROOT, "%.1f%%", rate * 100);
    }
}
