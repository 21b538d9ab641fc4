package io.alp.engine.frontier;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pass-rates estimated from the whole tree, not from each node's own sample alone. One evaluation on n cases
 * measures a node's pass-rate only to about sqrt(p(1-p)/n) (4-5 points at 100 cases), while one edit usually
 * moves it by less; a node's parent, children and siblings were measured independently on the same cases and
 * tell us about it too. The model: a child's true pass-rate is its parent's plus the edit's effect, effects drawn
 * from N(0, tau^2) per edit class; each measurement is the true pass-rate plus binomial noise. The posterior of
 * every node given every measurement is computed exactly by Gaussian belief propagation on the tree (one pass up,
 * one down). tau^2 is estimated from the data (empirical Bayes, method of moments on parent-child differences).
 * The result shrinks lucky and unlucky samples toward what their neighbourhood says, so a frontier chosen on
 * estimates suffers far less from the winner's curse than one chosen on raw samples.
 */
public final class TreeEstimates {

    /** The smallest edit-effect spread assumed: one point. Below it, estimates would follow the parent blindly. */
    static final double MIN_TAU2 = 0.01 * 0.01;
    /** How many parent-child pairs an edit class needs before it gets its own spread. */
    static final int MIN_PAIRS_PER_CLASS = 6;

    /** One measured node: its parent (null for the root), its edit class, its sample and its cost per case. */
    public record Measured(String id, String parentId, String editClass, int cases, int passes, double cost) {
        /** A node whose cost is not known: its edit is not told apart by how it moved the cost. */
        public Measured(String id, String parentId, String editClass, int cases, int passes) {
            this(id, parentId, editClass, cases, passes, Double.NaN);
        }

        double mean() {
            return cases == 0 ? 0.5 : (double) passes / cases;
        }

        double variance() {
            return sampleVariance(passes, cases);
        }
    }

    /** Binomial variance of a measured rate, with a Laplace-smoothed p so that 0/n and n/n still vary. */
    static double sampleVariance(int passes, int cases) {
        double p = (passes + 1.0) / (cases + 2.0);
        return p * (1 - p) / Math.max(1, cases);
    }

    /** A node's posterior pass-rate: mean and standard deviation. */
    public record Estimate(double mean, double sd) {
    }

    /**
     * tau^2 per edit class, and the pooled figure for classes with too few pairs of their own; the mean effect per
     * class (0 for classes with too few pairs). Classes are also told apart by how their edit moved the cost
     * ({@link #costKey}: a class of its own once it has enough pairs): a stronger model or a richer memory raises
     * the cost and tends to add accuracy, a cheaper one cuts both, and one prior for both directions would be
     * wrong for each.
     */
    public record Spreads(Map<String, Double> perClass, double pooled, Map<String, Double> meanPerClass) {
        public double get(String editClass) {
            return perClass.getOrDefault(editClass, perClass.getOrDefault(classOf(editClass), pooled));
        }

        /**
         * The mean effect of a class's edits, 0 when it has none that is clear. Edits told apart by how they moved
         * the cost have their own mean or none, never the class's: that mixes both directions and follows the more
         * frequent one, so a dearer edit would inherit the losses of the class's cost cuts.
         */
        public double mean(String editClass) {
            return meanPerClass.getOrDefault(editClass, 0.0);
        }
    }

    /** Edits that raised the cost per case by more than this share count as costlier; by less, as cheaper. */
    public static final double COST_STEP = 0.02;

    /** An edit class told apart by whether it made its node {@code costlier} ({@code true}) or cheaper. */
    public static String costKey(String editClass, boolean costlier) {
        return editClass + (costlier ? "/costlier" : "/cheaper");
    }

    /** The class of a child given its parent's cost: {@link #costKey}, or the class alone when the cost held. */
    static String classKey(Measured child, Measured parent) {
        if (parent == null || child.editClass() == null || Double.isNaN(child.cost()) || Double.isNaN(parent.cost())
                || parent.cost() <= 0) {
            return child.editClass();
        }
        return classKey(child.editClass(), child.cost() / parent.cost());
    }

    /** An edit class told apart by a cost ratio: {@link #costKey} beyond {@link #COST_STEP}, else the class alone. */
    static String classKey(String editClass, double costRatio) {
        return costRatio > 1 + COST_STEP ? costKey(editClass, true)
                : costRatio < 1 - COST_STEP ? costKey(editClass, false) : editClass;
    }

    private static String classOf(String key) {
        int slash = key == null ? -1 : key.indexOf('/');
        return slash < 0 ? key : key.substring(0, slash);
    }

    /** Every node's posterior, and the edit spreads they were computed with. */
    public record Fit(Map<String, Estimate> estimates, Spreads spreads) {
    }

    private TreeEstimates() {
    }

    /**
     * Posterior pass-rates of every node. Nodes must come parent before child; a node whose parent is not among
     * them is treated as a root of its own.
     */
    public static Map<String, Estimate> of(List<Measured> nodes) {
        return fit(nodes).estimates();
    }

    /** As {@link #of}, with the fitted spreads. */
    public static Fit fit(List<Measured> nodes) {
        Map<String, Measured> byId = new LinkedHashMap<>();
        Map<String, List<Measured>> children = new HashMap<>();
        for (Measured m : nodes) {
            byId.put(m.id(), m);
            if (m.parentId() != null && byId.containsKey(m.parentId())) {
                children.computeIfAbsent(m.parentId(), k -> new ArrayList<>()).add(m);
            }
        }
        Spreads tau2 = spreads(byId);
        // upward: precision and precision-weighted mean of each node's own sample and its subtree below
        Map<String, double[]> up = new HashMap<>();
        List<Measured> order = new ArrayList<>(byId.values());
        for (int i = order.size() - 1; i >= 0; i--) {
            Measured m = order.get(i);
            double precision = 1 / m.variance();
            double weighted = m.mean() * precision;
            for (Measured c : children.getOrDefault(m.id(), List.of())) {
                String key = classKey(c, m);
                double[] msg = message(up.get(c.id()), tau2.get(key), tau2.mean(key));
                precision += msg[0];
                weighted += msg[1] * msg[0];
            }
            up.put(m.id(), new double[] {precision, weighted});
        }
        // downward: combine each node's subtree belief with what the rest of the tree says through its parent
        Map<String, double[]> posterior = new HashMap<>();
        for (Measured m : order) {
            double[] own = up.get(m.id());
            double[] post = own;
            if (m.parentId() != null && posterior.containsKey(m.parentId())) {
                double[] parent = posterior.get(m.parentId());
                String key = classKey(m, byId.get(m.parentId()));
                double[] msg = message(own, tau2.get(key), tau2.mean(key));
                double outsidePrecision = parent[0] - msg[0];
                double outsideWeighted = parent[1] - msg[1] * msg[0];
                if (outsidePrecision > 1e-12) {
                    double outsideMean = outsideWeighted / outsidePrecision + tau2.mean(key);
                    double priorPrecision = 1 / (1 / outsidePrecision + tau2.get(key));
                    post = new double[] {own[0] + priorPrecision, own[1] + outsideMean * priorPrecision};
                }
            }
            posterior.put(m.id(), post);
        }
        Map<String, Estimate> estimates = new LinkedHashMap<>();
        for (Measured m : order) {
            double[] p = posterior.get(m.id());
            estimates.put(m.id(), new Estimate(p[1] / p[0], Math.sqrt(1 / p[0])));
        }
        return new Fit(estimates, tau2);
    }

    /**
     * What a subtree belief {precision, weighted mean} says about the parent, across an edit whose effects have mean
     * {@code effectMean} and variance {@code tau2}: {precision, mean}.
     */
    private static double[] message(double[] belief, double tau2, double effectMean) {
        double mean = belief[1] / belief[0] - effectMean;
        double variance = 1 / belief[0] + tau2;
        return new double[] {1 / variance, mean};
    }

    /**
     * tau^2 per edit class: mean squared parent-child difference minus the two samples' variances, from all pairs
     * (and from the class's own pairs when it has enough, around the class's own mean effect), never below
     * {@link #MIN_TAU2}. A class with enough pairs also gets its mean effect when that is clearly (two standard
     * errors) away from zero: edits of one class tend to move pass-rates the same way (a cheaper model costs
     * accuracy, a missing tool adds it), and a prior centred on zero would pull every chain of such edits back
     * toward its root.
     */
    static Spreads spreads(Map<String, Measured> byId) {
        Map<String, double[]> perClass = new HashMap<>();
        double[] all = new double[2];
        for (Measured m : byId.values()) {
            Measured parent = m.parentId() == null ? null : byId.get(m.parentId());
            if (parent == null) {
                continue;
            }
            double d = m.mean() - parent.mean();
            double excess = d * d - m.variance() - parent.variance();
            String key = classKey(m, parent);
            for (String k : key.equals(m.editClass()) ? List.of(key) : List.of(m.editClass(), key)) {
                double[] acc = perClass.computeIfAbsent(k, x -> new double[3]);
                acc[0] += excess;
                acc[1]++;
                acc[2] += d;
            }
            all[0] += excess;
            all[1]++;
        }
        double pooled = all[1] == 0 ? MIN_TAU2 : Math.max(MIN_TAU2, all[0] / all[1]);
        Map<String, Double> own = new HashMap<>();
        Map<String, Double> means = new HashMap<>();
        perClass.forEach((k, acc) -> {
            if (acc[1] >= MIN_PAIRS_PER_CLASS) {
                double mean = acc[2] / acc[1];
                // the spread around the class's mean: its excess over the noise, less the squared mean
                double spread = Math.max(MIN_TAU2, acc[0] / acc[1] - mean * mean);
                // a mean within two standard errors of zero may be one outlier's doing: keep the prior at zero
                boolean clear = Math.abs(mean) >= 2 * Math.sqrt(spread / acc[1]);
                own.put(k, clear ? spread : Math.max(MIN_TAU2, acc[0] / acc[1]));
                if (clear) {
                    means.put(k, mean);
                }
            }
        });
        return new Spreads(own, pooled, means);
    }
}
