package io.alp.app.output;

import io.alp.engine.report.SessionSummary;
import io.alp.engine.report.SessionSummary.NodePoint;

import java.util.ArrayList;
import java.util.List;

/**
 * A session as text: its header, then the frontier beside the baseline. Each point shows its measured pass-rate
 * and the one estimated from the whole tree, which the frontier is chosen on.
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
        out.append(String.format("spent $%.2f of $%.2f (proposer $%.2f, evaluation $%.2f); %d nodes, %d rounds; "
                        + "dataset %s, %d cases%n%n", s.spentUsd(), s.budgetUsd(), s.orchestratorUsd(),
                s.evaluationUsd(), s.nodes(), s.rounds(), s.datasetId(), s.cases()));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"node", "pass-rate (95% CI)", "estimated", "$/case", "vs baseline",
                "edits from the root"});
        if (s.baseline() != null) {
            rows.add(row(s.baseline(), s.baseline(), "baseline"));
        }
        for (NodePoint p : s.frontier()) {
            rows.add(row(p, s.baseline(), "frontier"));
        }
        out.append(table(rows));
        return out.toString();
    }

    private static String[] row(NodePoint p, NodePoint baseline, String kind) {
        String delta = kind.equals("baseline") ? "baseline" : String.format("%+.1f pts, %+.0f%% cost",
                100 * (p.passRate() - baseline.passRate()),
                baseline.costPerCase() == 0 ? 0 : 100 * (p.costPerCase() / baseline.costPerCase() - 1));
        return new String[]{p.node(),
                String.format("%5.1f%% (%.1f-%.1f)", 100 * p.passRate(), 100 * p.passLow(), 100 * p.passHigh()),
                p.estimatedPassRate() == null ? "-" : String.format("%5.1f%%", 100 * p.estimatedPassRate()),
                String.format("$%.4f", p.costPerCase()), delta,
                p.edits().isEmpty() ? "(as deployed)" : String.join("; ", p.edits())};
    }

    static String table(List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int i = 0; i < columns - 1; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] r : rows) {
            for (int i = 0; i < columns; i++) {
                out.append(i == columns - 1 ? r[i] : String.format("%-" + width[i] + "s  ", r[i]));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
