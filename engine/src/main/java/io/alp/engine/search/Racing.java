package io.alp.engine.search;

import io.alp.engine.frontier.Evidence;
import io.alp.engine.frontier.TreeEstimates;
import org.apache.commons.statistics.distribution.NormalDistribution;
import io.alp.engine.frontier.Point;
import io.alp.engine.model.Case;
import io.alp.engine.model.Outcome;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Staged evaluation: a child first runs on minibatches (the first favours cases its parent failed, plus a sample of
 * cases it passed) and pays for the whole dataset only if it may enlarge the frontier. The decision pairs the
 * child's outcomes with its parent's on the same cases. The first minibatch over-samples the parent's failures, so
 * the child's pass-rate on the whole dataset is estimated by re-weighting: its rate on cases the parent passed times
 * the parent's pass-rate, plus its rate on cases the parent failed times the parent's failure rate. That estimate is
 * combined with what the tree already says about the child ({@link Context}: its parent's estimated pass-rate plus
 * the mean effect of edits of its class, give or take their spread), since a minibatch alone pins a pass-rate down
 * only to about ten points. The child's cost is known from the minibatch.
 *
 * <p>After each minibatch the child is raced against the session's frontier at its own price (the best estimated
 * pass-rate of a frontier point that costs no more):
 * <ul>
 *   <li>it stops when its estimate plus {@link #OPTIMISM} standard deviations (one, then a half, then none) is
 *       still below that, or when it is significantly worse than its parent (a one-sided sign test on the cases
 *       where the two disagree, conservative here because the minibatch favours the child, or a one-sided z-test of
 *       the re-weighted estimate, which is not; each at 2.5%). A child that competes for the top of the frontier
 *       (nothing as cheap passes more often than the frontier's best) keeps at least {@link #TOP_OPTIMISM}: gains
 *       there are small against minibatch noise, and hypervolume alone values them little;</li>
 *   <li>it goes on to every case when its estimate minus one standard deviation is beyond that (or nothing on the
 *       frontier is as cheap);</li>
 *   <li>otherwise it gets the next minibatch; after the last, a child not stopped goes on to every case.</li>
 * </ul>
 * So only children likely to move the frontier pay for a full evaluation.
 */
public final class Racing {

    /** Significance of "worse than its parent", split between the two tests (Bonferroni). */
    public static final double ALPHA = 0.05;
    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);
    public static final int STAGES = 3;
    /** The share of the dataset one minibatch runs (at least 8 cases). */
    static final double STAGE_SHARE = 0.08;
    /**
     * How many standard deviations of its estimated pass-rate a child is given before it counts as dominated by the
     * frontier, per stage: one after the first minibatch, a half after the second, none once all three are in.
     */
    static final double[] OPTIMISM = {1.0, 0.5, 0.0};
    /**
     * The least optimism a child that competes for the top of the frontier (nothing cheaper passes more often) is
     * given: improvements there are small against minibatch noise, and hypervolume alone values them little.
     */
    static final double TOP_OPTIMISM = 0.5;

    public enum Verdict { CONTINUE, FULL, REJECT }

    /**
     * What a child races against, fixed when it is opened: the session's frontier at estimated pass-rates, and what
     * the tree says about the child before any case of its own ({@link io.alp.engine.frontier.TreeEstimates}): its
     * parent's estimated pass-rate plus the mean effect of edits of its class, the parent's standard deviation, and
     * the variance of edit effects of the child's class; and the same for edits of its class that made their node
     * dearer ({@code costlier}) or cheaper ({@code cheaper}), used once the child's minibatches show which it does
     * (null in contexts recorded before these existed, or when the tree has none). Without a prior (NaN), the
     * child's pass-rate is judged on its minibatches alone.
     */
    public record Context(List<Point.Simple> frontier, double parentEstimate, double parentSd, double editSpread,
                          Prior costlier, Prior cheaper) {
        public static final Context NONE = new Context(List.of(), Double.NaN, Double.NaN, Double.NaN);

        public Context {
            frontier = frontier == null ? List.of() : List.copyOf(frontier);
        }

        /** A context whose prior does not depend on how the child moves the cost. */
        public Context(List<Point.Simple> frontier, double parentEstimate, double parentSd, double editSpread) {
            this(frontier, parentEstimate, parentSd, editSpread, null, null);
        }

        boolean hasPrior() {
            return !Double.isNaN(parentEstimate) && !Double.isNaN(parentSd) && !Double.isNaN(editSpread);
        }

        /**
         * The prior for a child whose minibatches cost {@code costRatio} times its parent's: the one for edits of
         * its class that raised (or cut) the cost when the child did and the tree knows one, else the class's.
         */
        Context forCost(double costRatio) {
            Prior p = costRatio > 1 + TreeEstimates.COST_STEP ? costlier
                    : costRatio < 1 - TreeEstimates.COST_STEP ? cheaper : null;
            return p == null ? this : new Context(frontier, p.estimate(), parentSd, p.editSpread(), null, null);
        }
    }

    /**
     * What the tree says about a child whose edit moves the cost one way: its parent's estimate plus the mean effect
     * of edits of its class that moved the cost that way, and their variance.
     */
    public record Prior(double estimate, double editSpread) {
    }

    /**
     * The decision after a stage, and why.
     *
     * @param estimatedGain the child's estimated pass-rate on the whole dataset minus its parent's
     * @param pWorse        the smaller p-value of the two tests of "worse than its parent": the sign test on the
     *                      cases where the two disagree, and the one-sided z-test of the re-weighted gain
     */
    public record Result(Verdict verdict, int fixed, int broken, double estimatedGain, double pWorse,
                         double costRatio, String reason) {
    }

    private Racing() {
    }

    /** How many cases one stage runs. */
    public static int stageSize(int datasetSize) {
        return Math.min(datasetSize, Math.max(8, (int) Math.round(STAGE_SHARE * datasetSize)));
    }

    /**
     * The cases of stage {@code stage} (0-based): the first favours cases the parent failed (up to half of it),
     * filled with cases it passed; later stages sample what is left. Deterministic from {@code seed}.
     */
    public static List<Case> stage(List<Case> dataset, Map<String, Outcome> parent, int stage, long seed) {
        List<Case> failed = new ArrayList<>();
        List<Case> passed = new ArrayList<>();
        for (Case c : dataset) {
            Outcome o = parent.get(c.id());
            (o != null && o.pass() ? passed : failed).add(c);
        }
        Random rng = new Random(seed);
        Collections.shuffle(failed, rng);
        Collections.shuffle(passed, rng);
        int size = stageSize(dataset.size());
        List<Case> first = new ArrayList<>(failed.subList(0, Math.min(failed.size(), size / 2)));
        List<Case> rest = new ArrayList<>(failed.subList(first.size(), failed.size()));
        rest.addAll(passed);
        Collections.shuffle(rest, rng);
        while (first.size() < size && !rest.isEmpty()) {
            first.add(rest.remove(rest.size() - 1));
        }
        if (stage == 0) {
            return first;
        }
        int from = Math.min(rest.size(), (stage - 1) * size);
        return rest.subList(from, Math.min(rest.size(), from + size));
    }

    /** A seed for one child's minibatches, stable across retries. */
    public static long seed(long sessionSeed, String nodeId) {
        return Seeds.of(sessionSeed, "race/" + nodeId);
    }

    /**
     * The decision after {@code stage} (0-based) on every case the child has run so far.
     *
     * @param race what the child races against
     */
    public static Result decide(Map<String, Outcome> child, Map<String, Outcome> parent, int stage, Context race) {
        int fixed = 0;
        int broken = 0;
        int parentPassed = 0;
        int parentFailed = 0;
        double childCost = 0;
        double parentCost = 0;
        for (Outcome o : child.values()) {
            Outcome p = parent.get(o.caseId());
            if (p == null) {
                continue;
            }
            if (p.pass()) {
                parentPassed++;
                broken += o.pass() ? 0 : 1;
            } else {
                parentFailed++;
                fixed += o.pass() ? 1 : 0;
            }
            childCost += o.costUsd();
            parentCost += p.costUsd();
        }
        double parentRate = parent.values().stream().filter(Outcome::pass).count() / (double) parent.size();
        double gain = (parentFailed == 0 ? 0 : (1 - parentRate) * fixed / parentFailed)
                - (parentPassed == 0 ? 0 : parentRate * broken / parentPassed);
        double gainSd = Math.sqrt(shareVariance(fixed, parentFailed) * (1 - parentRate) * (1 - parentRate)
                + shareVariance(broken, parentPassed) * parentRate * parentRate);
        double costRatio = parentCost == 0 ? 1 : childCost / parentCost;
        double estimatedCost = costRatio * parent.values().stream().mapToDouble(Outcome::costUsd).average().orElse(0);
        double[] level = level(parentRate + gain, gainSd, race.forCost(costRatio));
        double bestAtCost = race.frontier().stream().filter(f -> f.cost() <= estimatedCost)
                .mapToDouble(Point::passRate).max().orElse(Double.NEGATIVE_INFINITY);
        double top = race.frontier().stream().mapToDouble(Point::passRate).max().orElse(Double.NEGATIVE_INFINITY);
        double optimism = OPTIMISM[Math.min(stage, OPTIMISM.length - 1)];
        if (bestAtCost >= top) {
            optimism = Math.max(optimism, TOP_OPTIMISM);
        }
        double optimistic = level[0] + optimism * level[1];
        double pWorse = Math.min(Evidence.signTest(broken, fixed),
                STANDARD_NORMAL.cumulativeProbability(gain / gainSd));
        String counts = String.format("fixed %d and broke %d of its parent's cases on %d (estimated %+.1f points), "
                + "cost %+.0f%%", fixed, broken, child.size(), 100 * gain, 100 * (costRatio - 1));
        Verdict verdict;
        String why;
        if (optimistic < bestAtCost) {
            verdict = Verdict.REJECT;
            why = String.format("dominated: the frontier passes %.1f%% at $%.4f per case or less, this child at most "
                    + "%.1f%%", 100 * bestAtCost, estimatedCost, 100 * optimistic);
        } else if (pWorse < ALPHA / 2) {
            verdict = Verdict.REJECT;
            why = String.format("significantly worse than its parent (p=%.3f of 0.025)", pWorse);
        } else if (level[0] - level[1] >= bestAtCost) {
            verdict = Verdict.FULL;
            why = "beyond the frontier";
        } else if (stage + 1 < STAGES) {
            verdict = Verdict.CONTINUE;
            why = "undecided";
        } else {
            verdict = Verdict.FULL;
            why = "not shown to be worse";
        }
        return new Result(verdict, fixed, broken, gain, pWorse, costRatio, why + ": " + counts);
    }

    /**
     * The child's pass-rate {mean, sd}: what its minibatches say ({@code measured} +- {@code measuredSd}), combined
     * with the tree's prior (its parent's estimate, widened by the spread of edit effects) when there is one.
     */
    static double[] level(double measured, double measuredSd, Context race) {
        if (!race.hasPrior()) {
            return new double[] {measured, measuredSd};
        }
        double dataPrecision = 1 / Math.max(measuredSd * measuredSd, 1e-9);
        double priorPrecision = 1 / Math.max(race.parentSd() * race.parentSd() + race.editSpread(), 1e-9);
        double precision = dataPrecision + priorPrecision;
        return new double[] {(measured * dataPrecision + race.parentEstimate() * priorPrecision) / precision,
                Math.sqrt(1 / precision)};
    }

    /** The variance of a share {@code k / n} of cases, Laplace-smoothed so that 0 of n still varies. */
    private static double shareVariance(int k, int n) {
        if (n == 0) {
            return 0;
        }
        double q = (k + 1.0) / (n + 2.0);
        return q * (1 - q) / n;
    }
}
