package io.alp.app.output;

import io.alp.engine.report.SessionSummary;
import io.alp.engine.report.SessionSummary.NodePoint;

import java.util.ArrayList;
import java.util.List;

/**
 * A session as text: its header, then the baseline and the frontier. Each point shows its measured pass-rate and
 * the one estimated from the whole tree, which the frontier is chosen and ordered on; edits are cut to the
 * terminal's width ({@code --json} has them whole).
 */
public final class FrontierTable {

    private FrontierTable() {
    }

    public static String render(SessionSummary s) {
        StringBuilder out = new StringBuilder();
        if (s.simulated()) {
            out.append("SIMULATED: ").append(s.world())
                    .append(" -- every figure below comes from a simulation, not from real models.\n");
        }
        out.append(String.format("session %s  %s%s%n", s.id(), s.status(),
                s.stopReason() == null ? "" : " (" + s.stopReason().replace('_', ' ') + ")"));
        if ("baseline_errors".equals(s.stopReason()) && s.stopDetail() != null) {
            out.append(s.stopDetail()).append('\n');
        }
        out.append(String.format("spent $%.2f of $%.2f (proposer $%.2f, evaluation $%.2f); %d node%s, %d round%s; "
                        + "dataset %s, %d cases%n%n", s.spentUsd(), s.budgetUsd(), s.orchestratorUsd(),
                s.evaluationUsd(), s.nodes(), s.nodes() == 1 ? "" : "s", s.rounds(), s.rounds() == 1 ? "" : "s",
                s.datasetId(), s.cases()));
        out.append("The frontier is chosen on estimated pass-rates (each node's own sample pooled with its relatives "
                + "in the tree and with every node that made the same changes), cheapest first.\n");
        boolean errors = s.frontier().stream().anyMatch(p -> p.errors() > 0)
                || s.baseline() != null && s.baseline().errors() > 0;
        List<String[]> rows = new ArrayList<>();
        rows.add(header(errors));
        String baselineId = s.baseline() == null ? null : s.baseline().node();
        boolean baselineOnFrontier = s.frontier().stream().anyMatch(p -> p.node().equals(baselineId));
        if (s.baseline() != null) {
            rows.add(row(s, s.baseline(), baselineOnFrontier ? "baseline, on the frontier" : "baseline", errors));
        }
        for (NodePoint p : s.frontier()) {
            if (!p.node().equals(baselineId)) {
                rows.add(row(s, p, "frontier", errors));
            }
        }
        out.append(table(rows, Text.width()));
        return out.toString();
    }

    private static String[] header(boolean errors) {
        List<String> h = new ArrayList<>(List.of("node", "pass-rate (95% CI)", "estimated", "$/case"));
        if (errors) {
            h.add("errors");
        }
        h.addAll(List.of("vs baseline", "edits from the root"));
        return h.toArray(String[]::new);
    }

    private static String[] row(SessionSummary s, NodePoint p, String kind, boolean errors) {
        NodePoint baseline = s.baseline();
        String delta = kind.startsWith("baseline") ? kind : String.format("%+.1f pts, %+.0f%% cost",
                100 * (p.passRate() - baseline.passRate()),
                baseline.costPerCase() == 0 ? 0 : 100 * (p.costPerCase() / baseline.costPerCase() - 1));
        List<String> r = new ArrayList<>(List.of(p.node(),
                String.format("%5.1f%% (%.1f-%.1f)", 100 * p.passRate(), 100 * p.passLow(), 100 * p.passHigh()),
                p.estimatedPassRate() == null ? "-" : String.format("%5.1f%%", 100 * p.estimatedPassRate()),
                String.format("$%.4f", p.costPerCase())));
        if (errors) {
            r.add(String.valueOf(p.errors()));
        }
        r.add(delta);
        r.add(p.edits().isEmpty() ? "(as deployed)"
                : String.join("; ", p.edits().stream().map(e -> Text.edit(e, s.simulated())).toList()));
        return r.toArray(String[]::new);
    }

    /** Columns padded to their widest cell; the last one cut so each line fits in {@code width}. */
    static String table(List<String[]> rows, int width) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] r : rows) {
            for (int i = 0; i < columns - 1; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        }
        int used = 0;
        for (int i = 0; i < columns - 1; i++) {
            used += widths[i] + 2;
        }
        StringBuilder out = new StringBuilder();
        for (String[] r : rows) {
            for (int i = 0; i < columns; i++) {
                out.append(i == columns - 1 ? Text.cut(r[i], Math.max(20, width - used))
                        : String.format("%-" + widths[i] + "s  ", r[i]));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
