package io.alp.app.output;

import io.alp.app.console.CaseRow;
import io.alp.app.console.NodeDetail;
import io.alp.engine.report.SessionSummary.NodeRow;

/** A node case by case, as text: its edit, score and change against its parent, then one block per case. */
public final class NodeView {

    /** Characters of a case's input and output shown per line. */
    static final int EXCERPT = 160;

    private NodeView() {
    }

    public static String render(NodeDetail d) {
        int width = Text.width();
        NodeRow n = d.node();
        StringBuilder out = new StringBuilder();
        out.append("node ").append(n.node()).append(" of session ").append(d.session())
                .append(n.parent() == null ? " (the baseline)" : ", child of " + n.parent()).append('\n');
        if (n.editClass() != null) {
            out.append("edit [").append(n.editClass()).append("] ").append(Text.edit(n.edit(), d.simulated()))
                    .append('\n');
        }
        for (String part : n.leftOut()) {
            out.append("left out, could not be applied: ").append(Text.edit(part, d.simulated())).append('\n');
        }
        out.append("status ").append(n.status());
        if (n.passRate() != null) {
            out.append(String.format(", %.1f%% of %d cases, $%.4f per case", 100 * n.passRate(), n.cases(),
                    n.costPerCase()));
        }
        out.append('\n');
        if (n.failure() != null) {
            out.append("not scored: ").append(n.failure()).append('\n');
        }
        NodeDetail.Counts c = d.counts();
        out.append(String.format("cases: %d passed, %d failed, %d could not be evaluated%s%n", c.pass(), c.fail(),
                c.error(), n.parent() == null ? "" : ", " + c.changed() + " changed against the parent"));
        String change = changeSummary(d.diff()).replace("[simulated proposer] ", "");
        if (!change.isEmpty()) {
            out.append("change against the parent: ").append(change).append('\n');
        }
        for (CaseRow r : d.cases()) {
            out.append('\n').append(String.format("%s  %s%s  %d in / %d out tokens, $%.4f%n", r.caseId(),
                    r.verdict().toUpperCase(), r.parentVerdict() == null ? "" : " (parent: " + r.parentVerdict()
                            + ")", r.inputTokens(), r.outputTokens(), r.costUsd()));
            out.append("  input:  ").append(line(r.input(), width - 10)).append('\n');
            out.append("  output: ").append(line(r.output(), width - 10)).append('\n');
            String why = r.error() != null ? r.error() : r.reason();
            out.append(r.error() != null ? "  error:  " : "  reason: ")
                    .append(why == null ? "" : why.strip().replace("\n", "\n          ")).append('\n');
            if (r.stderrTail() != null && r.error() == null) {
                out.append("  stderr: ").append(r.stderrTail().strip().replace("\n", "\n          ")).append('\n');
            }
        }
        return out.toString();
    }

    /** Lines added and removed per file of a source diff; a simulated agent's changed settings as they are. */
    static String changeSummary(NodeDetail.Diff diff) {
        if (diff == null || diff.text() == null || diff.kind().equals("none")) {
            return "";
        }
        if (!diff.kind().equals("source")) {
            return diff.text().strip().replaceAll("\\s*\n\\s*", "; ");
        }
        StringBuilder out = new StringBuilder();
        String file = null;
        int added = 0;
        int removed = 0;
        for (String line : (diff.text() + "\ndiff --git end").split("\n")) {
            if (line.startsWith("diff --git ")) {
                if (file != null) {
                    out.append(out.isEmpty() ? "" : ", ").append(file).append(" +").append(added).append(" -")
                            .append(removed);
                }
                file = line.replaceFirst(".* b/", "");
                added = 0;
                removed = 0;
            } else if (line.startsWith("+") && !line.startsWith("+++ ")) {
                added++;
            } else if (line.startsWith("-") && !line.startsWith("--- ")) {
                removed++;
            }
        }
        return out.toString();
    }

    private static String line(String text, int room) {
        return text == null ? "" : Text.cut(text.strip().replaceAll("\\s+", " "), Math.max(40, Math.min(room, EXCERPT)));
    }
}
