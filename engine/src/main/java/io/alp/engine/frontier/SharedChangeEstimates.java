package io.alp.engine.frontier;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pass-rates of one tree's nodes with each change's effect shared wherever the change was made. The tree model
 * ({@link TreeEstimates}) draws every edit's effect afresh, so a tool added on three branches is three unrelated
 * effects, and near the top of a long search, where dozens of nodes differ by a point or two, the highest estimate
 * is mostly the luckiest sample. Here a node's configuration is the set of changes on its path from the root (the
 * last per subject: a later memory policy replaces an earlier one), and its pass-rate is the root's plus the sum of
 * its changes' effects, plus a small term of its own for what does not add up. Effects are drawn from
 * N(m, tau^2): m the change's prior mean (the tree model's mean effect for edits of its class that moved the cost
 * the same way, 0 when that is not clear), tau the tree model's pooled spread of edit effects, at least
 * {@link #MIN_EFFECT_SD}; drawn around zero, the effects of a climb of helpful changes were each pulled back and the
 * top of the frontier underestimated, as in the tree model before its class means. The node's own
 * term from N(0, {@link #OWN_SD}^2), each sample is binomial: a ridge regression weighted by each sample's
 * precision, solved by conjugate gradients (the system has one unknown per distinct change, which for a real
 * agent's free-form edits is one per node).
 */
public final class SharedChangeEstimates {

    /**
     * The least spread of one change's effect: three points. The tree model's pooled spread falls to its floor of
     * one point when most edits do little, and a change measured on a few nodes would then be shrunk to nothing;
     * on the bench (20 baseline passes, 30 seeds) a floor of three points cut the underestimate of the best node
     * from 1.0 to 0.3 points and the mean |reported - true| from 2.1 to 1.6.
     */
    static final double MIN_EFFECT_SD = 0.03;
    /** The spread of what a node's configuration does beyond the sum of its changes: one point. */
    static final double OWN_SD = 0.01;
    private static final int MAX_ITERATIONS = 500;
    private static final double TOLERANCE = 1e-12;

    /**
     * One scored node: its parent (null for the root), its own edit as subject to change key (empty for the root;
     * a combined edit has one entry per part) and its sample.
     */
    public record Node(String id, String parentId, Map<String, String> changes, int cases, int passes) {
        double rate() {
            return (double) passes / cases;
        }

        double variance() {
            return TreeEstimates.sampleVariance(passes, cases);
        }
    }

    /**
     * What the model says: each node's estimated pass-rate, and each change's estimated effect on the pass-rate
     * (by change key; the parts of a combined edit each have their own), wherever it was made.
     */
    public record Fit(Map<String, Double> estimates, Map<String, Double> effects) {
        public static final Fit EMPTY = new Fit(Map.of(), Map.of());
    }

    private SharedChangeEstimates() {
    }

    /**
     * The estimated pass-rate of every node that descends from the first node given (its root), and the effect of
     * every change made among them, given the variance {@code effectVariance} of one change's effect; nodes of other
     * roots, or whose parent is not given, are left out, and so is a root without descendants (its sample is all
     * there is). Parents must come before their children. Every change's effect is drawn around zero.
     */
    public static Fit of(List<Node> nodes, double effectVariance) {
        return of(nodes, effectVariance, Map.of());
    }

    /** As {@link #of(List, double)}, each change's effect drawn around its {@code priorMeans} entry (0 if none). */
    public static Fit of(List<Node> nodes, double effectVariance, Map<String, Double> priorMeans) {
        if (nodes.isEmpty() || !(effectVariance > 0)) {
            return Fit.EMPTY;
        }
        Map<String, Map<String, String>> configurations = new HashMap<>();
        List<Node> tree = new ArrayList<>();
        for (Node n : nodes) {
            Map<String, String> configuration;
            if (tree.isEmpty()) {
                configuration = new TreeMap<>();
            } else if (n.parentId() != null && configurations.containsKey(n.parentId())) {
                configuration = new TreeMap<>(configurations.get(n.parentId()));
                configuration.putAll(n.changes());
            } else {
                continue;
            }
            configurations.put(n.id(), configuration);
            tree.add(n);
        }
        if (tree.size() < 2) {
            return Fit.EMPTY;
        }
        Map<String, Integer> column = new LinkedHashMap<>();
        int[][] rows = new int[tree.size()][];
        for (int i = 0; i < tree.size(); i++) {
            Map<String, String> configuration = configurations.get(tree.get(i).id());
            rows[i] = new int[configuration.size() + 1];
            int j = 1;
            for (String change : configuration.values()) {
                rows[i][j++] = column.computeIfAbsent(change, c -> column.size() + 1);
            }
        }
        double[] weight = new double[tree.size()];
        double[] y = new double[tree.size()];
        for (int i = 0; i < tree.size(); i++) {
            weight[i] = 1 / (tree.get(i).variance() + OWN_SD * OWN_SD);
            y[i] = tree.get(i).rate();
        }
        double[] priorMean = new double[column.size() + 1];
        column.forEach((change, j) -> priorMean[j] = priorMeans.getOrDefault(change, 0.0));
        double[] beta = solve(rows, weight, y, priorMean, 1 / Math.max(effectVariance, MIN_EFFECT_SD * MIN_EFFECT_SD));
        Map<String, Double> estimates = new LinkedHashMap<>();
        for (int i = 0; i < tree.size(); i++) {
            double predicted = 0;
            for (int j : rows[i]) {
                predicted += beta[j];
            }
            double v = tree.get(i).variance();
            double ownShare = OWN_SD * OWN_SD / (OWN_SD * OWN_SD + v);
            estimates.put(tree.get(i).id(), predicted + ownShare * (y[i] - predicted));
        }
        Map<String, Double> effects = new LinkedHashMap<>();
        column.forEach((change, j) -> effects.put(change, beta[j]));
        return new Fit(estimates, effects);
    }

    /**
     * Minimises sum w_i (y_i - sum_j beta_j)^2 + ridge sum_{j >= 1} (beta_j - priorMean_j)^2 over the columns j
     * each row holds (column 0, the root's pass-rate, in every row and not penalised), by Jacobi-preconditioned
     * conjugate gradients on the normal equations.
     */
    private static double[] solve(int[][] rows, double[] weight, double[] y, double[] priorMean, double ridge) {
        int columns = priorMean.length;
        double[] diagonal = new double[columns];
        double[] b = new double[columns];
        for (int i = 0; i < rows.length; i++) {
            for (int j : rows[i]) {
                diagonal[j] += weight[i];
                b[j] += weight[i] * y[i];
            }
        }
        for (int j = 1; j < columns; j++) {
            diagonal[j] += ridge;
            b[j] += ridge * priorMean[j];
        }
        double[] x = new double[columns];
        double[] r = b.clone();
        double[] z = new double[columns];
        for (int j = 0; j < columns; j++) {
            z[j] = r[j] / diagonal[j];
        }
        double[] p = z.clone();
        double rz = dot(r, z);
        double start = dot(r, r);
        for (int iteration = 0; iteration < MAX_ITERATIONS && dot(r, r) > TOLERANCE * Math.max(start, 1e-300);
             iteration++) {
            double[] ap = times(rows, weight, ridge, p);
            double step = rz / dot(p, ap);
            for (int j = 0; j < columns; j++) {
                x[j] += step * p[j];
                r[j] -= step * ap[j];
                z[j] = r[j] / diagonal[j];
            }
            double next = dot(r, z);
            for (int j = 0; j < columns; j++) {
                p[j] = z[j] + next / rz * p[j];
            }
            rz = next;
        }
        return x;
    }

    /** (X^T W X + ridge on every column but the first) v. */
    private static double[] times(int[][] rows, double[] weight, double ridge, double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < rows.length; i++) {
            double xv = 0;
            for (int j : rows[i]) {
                xv += v[j];
            }
            for (int j : rows[i]) {
                out[j] += weight[i] * xv;
            }
        }
        for (int j = 1; j < v.length; j++) {
            out[j] += ridge * v[j];
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
