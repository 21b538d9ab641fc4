package io.alp.app.output;

import io.alp.engine.report.SessionSummary;
import io.alp.engine.report.SessionSummary.NodeRow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The search tree as indented text: one line a node with its edit, status, measured and estimated pass-rate, cost
 * and fate, cut to the terminal's width; the children of a node that were skipped for the same reason share one
 * line.
 */
public final class TreeView {

    private TreeView() {
    }

    public static String render(SessionSummary s) {
        return render(s, Text.width());
    }

    static String render(SessionSummary s, int width) {
        Map<String, List<NodeRow>> children = s.tree().stream().filter(r -> r.parent() != null)
                .collect(Collectors.groupingBy(NodeRow::parent));
        StringBuilder out = new StringBuilder();
        if (s.simulated()) {
            out.append("SIMULATED: ").append(s.world()).append('\n');
        }
        s.tree().stream().filter(r -> r.parent() == null)
                .forEach(root -> print(s, root, children, "", width, out));
        return out.toString();
    }

    private static void print(SessionSummary s, NodeRow r, Map<String, List<NodeRow>> children, String indent,
                              int width, StringBuilder out) {
        out.append(line(s, r, fate(r), indent, width)).append('\n');
        Map<String, List<NodeRow>> skipped = new LinkedHashMap<>();
        List<NodeRow> shown = new ArrayList<>();
        for (NodeRow c : children.getOrDefault(r.node(), List.of())) {
            if (c.status().equals("skipped") && children.getOrDefault(c.node(), List.of()).isEmpty()) {
                skipped.computeIfAbsent(String.valueOf(c.failure()), k -> new ArrayList<>()).add(c);
            } else {
                shown.add(c);
            }
        }
        for (NodeRow c : shown) {
            print(s, c, children, indent + "  ", width, out);
        }
        skipped.forEach((why, rows) -> {
            if (rows.size() == 1) {
                // a lone child is shown with its edit: which change led where ("the same candidate as n9")
                out.append(line(s, rows.get(0), "skipped: " + why, indent + "  ", width)).append('\n');
                return;
            }
            String group = indent + "  " + rows.size() + " children skipped (" + rows.get(0).node() + " ... "
                    + rows.get(rows.size() - 1).node() + "): " + why;
            out.append(Text.cut(group, width)).append('\n');
        });
    }

    /** A node as one line: its id, edit class and edit (cut to fit {@code width}), then its fate. */
    private static String line(SessionSummary s, NodeRow r, String fate, String indent, int width) {
        String head = indent + r.node() + ' ' + (r.editClass() == null ? "" : "[" + r.editClass() + "] ");
        int room = Math.max(20, width - head.length() - fate.length() - 4);
        return head + Text.cut(Text.edit(r.edit(), s.simulated()), room) + " -> " + fate;
    }

    /** Status, then the figures when scored: {@code scored 66.0% (est. 64.1%) $0.3920, 2 errors *frontier*}. */
    private static String fate(NodeRow r) {
        StringBuilder f = new StringBuilder(r.status());
        if (r.passRate() != null) {
            f.append(String.format(" %.1f%%", 100 * r.passRate()));
            if (r.estimatedPassRate() != null) {
                f.append(String.format(" (est. %.1f%%)", 100 * r.estimatedPassRate()));
            }
            f.append(String.format(" $%.4f", r.costPerCase()));
        }
        if (r.errors() > 0) {
            f.append(", ").append(r.errors()).append(r.errors() == 1 ? " error" : " errors");
        }
        if (r.onFrontier()) {
            f.append(" *frontier*");
        }
        if (r.pruned()) {
            f.append(" pruned");
        }
        if (!r.leftOut().isEmpty()) {
            f.append(", ").append(r.leftOut().size()).append(r.leftOut().size() == 1 ? " part" : " parts")
                    .append(" not applied");
        }
        if (r.failure() != null && !r.status().equals("skipped")) {
            f.append(" (").append(Text.cut(r.failure(), 100)).append(')');
        }
        return f.toString();
    }
}
