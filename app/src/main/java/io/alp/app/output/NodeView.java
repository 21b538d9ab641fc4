package io.alp.app.output;

import io.alp.actors.query.NodeDetail;
import io.alp.engine.model.Score;

import java.util.List;

/** A node case by case, as text: its edit, score and changes, then one block per case. */
public final class NodeView {

    /** Characters of a case's input and output shown per line. */
    static final int EXCERPT = 160;

    /** What an edit changed in one file. */
    public record FileChange(String file, int added, int removed) {
    }

    private NodeView() {
    }

    public static String render(NodeDetail d, List<FileChange> changes, boolean simulated) {
        int width = Text.width();
        StringBuilder out = new StringBuilder();
        out.append("node ").append(d.node()).append(" of session ").append(d.session())
                .append(d.parent() == null ? " (the baseline)" : ", child of " + d.parent()).append('\n');
        if (d.editClass() != null) {
            out.append("edit [").append(d.editClass()).append("] ").append(Text.edit(d.edit(), simulated))
                    .append('\n');
        }
        if (!changes.isEmpty()) {
            out.append("changes:");
            changes.forEach(c -> out.append(' ').append(c.file()).append(" +").append(c.added()).append(" -")
                    .append(c.removed()));
            out.append('\n');
        }
        Score s = d.score();
        if (s != null) {
            out.append(String.format("score %.1f%% (%d of %d passed, %d could not be evaluated), $%.4f per case%n",
                    100 * s.passRate(), s.passes(), s.cases(), s.errors(), s.costPerCase()));
        }
        if (d.failure() != null) {
            out.append("not scored: ").append(d.failure()).append('\n');
        }
        for (NodeDetail.CaseRow c : d.cases()) {
            out.append('\n').append(String.format("%s  %s  %d in / %d out tokens, $%.4f%n", c.caseId(),
                    c.verdict().toUpperCase(), c.inputTokens(), c.outputTokens(), c.costUsd()));
            out.append("  input:  ").append(line(c.input(), width - 10)).append('\n');
            out.append("  output: ").append(line(c.output(), width - 10)).append('\n');
            out.append(c.verdict().equals(NodeDetail.ERROR) ? "  error:  " : "  reason: ")
                    .append(c.reason() == null ? "" : c.reason().strip().replace("\n", "\n          "))
                    .append('\n');
        }
        return out.toString();
    }

    private static String line(String text, int room) {
        return Text.cut(text.strip().replaceAll("\\s+", " "), Math.max(40, Math.min(room, EXCERPT)));
    }
}
