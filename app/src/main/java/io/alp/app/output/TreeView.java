package io.alp.app.output;

import io.alp.engine.report.SessionSummary;
import io.alp.engine.report.SessionSummary.NodeRow;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The search tree as indented text: one line a node, with its edit, score and fate. */
public final class TreeView {

    private TreeView() {
    }

    public static String render(SessionSummary s) {
        Map<String, List<NodeRow>> children = s.tree().stream().filter(r -> r.parent() != null)
                .collect(Collectors.groupingBy(NodeRow::parent));
        StringBuilder out = new StringBuilder();
        if (s.simulated()) {
            out.append("SIMULATED: ").append(s.world()).append('\n');
        }
        s.tree().stream().filter(r -> r.parent() == null).forEach(root -> print(root, children, "", out));
        return out.toString();
    }

    private static void print(NodeRow r, Map<String, List<NodeRow>> children, String indent, StringBuilder out) {
        String score = r.passRate() == null ? r.status()
                : String.format("%.1f%% $%.4f", 100 * r.passRate(), r.costPerCase());
        String marks = (r.onFrontier() ? " *frontier*" : "") + (r.pruned() ? " pruned" : "")
                + (r.failure() != null ? " (" + r.failure() + ")" : "");
        out.append(indent).append(r.node()).append(' ')
                .append(r.editClass() == null ? "" : "[" + r.editClass() + "] ")
                .append(r.edit()).append(" -> ").append(score).append(marks).append('\n');
        for (NodeRow c : children.getOrDefault(r.node(), List.of())) {
            print(c, children, indent + "  ", out);
        }
    }
}
