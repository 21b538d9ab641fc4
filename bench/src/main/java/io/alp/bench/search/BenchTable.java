package io.alp.bench.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/** The benchmark as a plain-text table: per method (in first-seen order), the median of each metric over seeds. */
public final class BenchTable {

    private static final String ROW = "%-8s %5s %9s %10s %11s %13s %10s %11s %13s %11s%n";
    private static final String SUMMARY_ROW = "%-8s %6s %9s %13s %13s%n";
    private static final String GAP_ROW = "%-8s %5s %7s %9s %8s  %s%n";
    private static final String TREE_ROW = "%-6s %-6s %-8s %-8s %-10s %5s %9s %6s %6s %6s %8s %1s  %s%n";

    private BenchTable() {
    }

    public static String render(List<BenchRow> rows) {
        Map<String, List<BenchRow>> byMethod = new LinkedHashMap<>();
        rows.forEach(r -> byMethod.computeIfAbsent(r.method(), k -> new ArrayList<>()).add(r));
        StringBuilder out = new StringBuilder();
        out.append("SIMULATED search benchmark: medians over seeds, true values from the simulated world's oracle\n");
        out.append(String.format(Locale.ROOT, ROW, "method", "seeds", "hv/oracle", "best pass", "oracle best",
                "near-best $/c", "spent $", "evaluations", "|rep-true| pt", "eval $/move"));
        byMethod.forEach((method, own) -> out.append(String.format(Locale.ROOT, ROW, method, own.size(),
                fixed(median(own, BenchRow::hypervolumeRatio), 3),
                percent(median(own, BenchRow::bestPassRate)),
                percent(median(own, BenchRow::oracleBestPassRate)),
                fixed(median(own, BenchRow::cheapestNearBestUsd), 3),
                fixed(median(own, BenchRow::spentUsd), 2),
                fixed(median(own, r -> r.evaluations()), 0),
                fixed(100 * median(own, BenchRow::reportedTrueGap), 2),
                fixed(median(own, BenchRow::evaluationUsdPerFrontierMove), 1))));
        out.append("evaluation $ per true frontier improvement, pooled over seeds:");
        byMethod.forEach((method, own) -> out.append(' ').append(method).append(' ')
                .append(fixed(pooledUsdPerMove(own), 1)));
        out.append('\n');
        byMethod.forEach((method, own) -> stops(own).ifPresent(counts -> out.append(method)
                .append(" sessions stopped: ").append(counts).append('\n')));
        return out.toString();
    }

    /** How many of a method's sessions stopped for each reason, most frequent first; empty for the baselines. */
    private static Optional<String> stops(List<BenchRow> rows) {
        Map<String, Long> counts = rows.stream().filter(r -> r.stopReason() != null)
                .collect(Collectors.groupingBy(BenchRow::stopReason, TreeMap::new, Collectors.counting()));
        return counts.isEmpty() ? Optional.empty() : Optional.of(counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
    }

    /**
     * Several worlds at a glance: per method, over the worlds it ran on, the mean of each world's mean hypervolume
     * ratio, shortfall of the best from the oracle's (points) and |reported - true| (points). Means rather than
     * medians: a method that falls far short on a few seeds should show it.
     */
    public static String summary(List<BenchRow> rows) {
        Map<String, Map<String, List<BenchRow>>> byMethod = new LinkedHashMap<>();
        rows.forEach(r -> byMethod.computeIfAbsent(r.method(), k -> new LinkedHashMap<>())
                .computeIfAbsent(r.world(), k -> new ArrayList<>()).add(r));
        StringBuilder out = new StringBuilder();
        out.append("SIMULATED, over worlds: the mean of each world's mean over seeds\n");
        out.append(String.format(Locale.ROOT, SUMMARY_ROW, "method", "worlds", "hv/oracle", "best short pt",
                "|rep-true| pt"));
        byMethod.forEach((method, worlds) -> out.append(String.format(Locale.ROOT, SUMMARY_ROW, method,
                worlds.size(),
                fixed(meanOfMeans(worlds, BenchRow::hypervolumeRatio), 3),
                fixed(100 * meanOfMeans(worlds, BenchRow::bestShortfall), 2),
                fixed(100 * meanOfMeans(worlds, BenchRow::reportedTrueGap), 2))));
        return out.toString();
    }

    /**
     * Where each seed fell short of the oracle's best: per row, the oracle's best, the best configuration the method
     * evaluated and the best it reported (true pass-rates), and the single changes that would take the best
     * evaluated toward the oracle's best with what each alone adds (points; {@code *}: no candidate the method
     * evaluated on every case had that setting); then per method the mean shortfall of the best evaluated and of the
     * best reported. Finding the top and reporting it are told apart.
     */
    public static String gaps(List<BenchRow> rows) {
        StringBuilder out = new StringBuilder();
        out.append("SIMULATED gaps to the oracle's best: true pass-rates; each missing change with what it alone adds "
                + "to the best evaluated (points; * in no candidate evaluated on every case)\n");
        out.append(String.format(Locale.ROOT, GAP_ROW, "method", "seed", "oracle", "evaluated", "reported",
                "missing"));
        Map<String, List<BenchRow>> byMethod = new LinkedHashMap<>();
        for (BenchRow r : rows) {
            byMethod.computeIfAbsent(r.method(), k -> new ArrayList<>()).add(r);
            List<String> missing = r.missing().stream().map(m -> String.format(Locale.ROOT, "%s %+.1f%s",
                    m.change(), 100 * m.trueGain(), m.evaluated() ? "" : "*")).toList();
            out.append(String.format(Locale.ROOT, GAP_ROW, r.method(), r.seed(), percent(r.oracleBestPassRate()),
                    percent(r.bestEvaluatedPassRate()), percent(r.bestPassRate()),
                    missing.isEmpty() ? "nothing" : String.join(", ", missing)));
        }
        byMethod.forEach((method, own) -> out.append(String.format(Locale.ROOT,
                "%s: mean shortfall of the best evaluated %s pt, of the best reported %s pt%n", method,
                fixed(100 * own.stream().mapToDouble(r -> r.oracleBestPassRate() - r.bestEvaluatedPassRate())
                        .average().orElse(Double.NaN), 2),
                fixed(100 * own.stream().mapToDouble(BenchRow::bestShortfall).average().orElse(Double.NaN), 2))));
        return out.toString();
    }

    /**
     * ALP's search tree on each seed: per node, its parent, what its round served, its status, the cases it recorded
     * and what its evaluation cost, its measured, estimated (on the reported frontier) and true pass-rates, its cost per
     * case, {@code F} when on the reported frontier, its edit and, when it ended unscored, why. Rows without a tree
     * (the baselines) print nothing.
     */
    public static String trees(List<BenchRow> rows) {
        StringBuilder out = new StringBuilder();
        for (BenchRow r : rows) {
            if (r.tree().isEmpty()) {
                continue;
            }
            out.append(String.format(Locale.ROOT, "SIMULATED search tree of %s, seed %d: pass-rates measured, "
                    + "estimated and true (the oracle's)%n", r.method(), r.seed()));
            out.append(String.format(Locale.ROOT, TREE_ROW, "node", "parent", "served", "status", "origin", "cases",
                    "eval $", "meas", "est", "true", "$/case", "", "edit"));
            for (TreeNodeRow n : r.tree()) {
                out.append(String.format(Locale.ROOT, TREE_ROW, n.node(), n.parent() == null ? "-" : n.parent(),
                        n.served() == null ? "-" : n.served(), n.status(), n.origin(), n.cases(),
                        fixed(n.evaluationUsd(), 2), percentOrDash(n.measuredPassRate()),
                        percentOrDash(n.estimatedPassRate()), percentOrDash(n.truePassRate()),
                        n.costPerCase() == null ? "-" : fixed(n.costPerCase(), 4), n.onFrontier() ? "F" : "",
                        n.edit() + (n.reason() == null ? "" : " | " + n.reason())));
            }
        }
        return out.toString();
    }

    private static String percentOrDash(Double fraction) {
        return fraction == null ? "-" : fixed(100 * fraction, 1);
    }

    static double meanOfMeans(Map<String, List<BenchRow>> byWorld, ToDoubleFunction<BenchRow> metric) {
        return byWorld.values().stream()
                .mapToDouble(own -> own.stream().mapToDouble(metric).average().orElse(Double.NaN))
                .average().orElse(Double.NaN);
    }

    /** Evaluation dollars of every seed over the true frontier improvements of every seed. */
    static double pooledUsdPerMove(List<BenchRow> rows) {
        double usd = rows.stream().mapToDouble(BenchRow::evaluationUsd).sum();
        long moves = rows.stream().mapToLong(BenchRow::frontierMoves).sum();
        return moves == 0 ? Double.NaN : usd / moves;
    }

    /** The median of a metric over rows; the mean of the two middle values for an even count; NaN for none. */
    public static double median(List<BenchRow> rows, ToDoubleFunction<BenchRow> metric) {
        double[] values = rows.stream().mapToDouble(metric).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    private static String fixed(double value, int decimals) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static String percent(double fraction) {
        return Double.isNaN(fraction) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
    }
}
