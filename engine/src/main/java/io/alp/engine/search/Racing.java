package io.alp.engine.search;

import io.alp.engine.frontier.Evidence;
import io.alp.engine.frontier.Point;
import io.alp.engine.model.Case;
import io.alp.engine.model.Outcome;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Staged evaluation: a child first runs on a minibatch (cases its parent failed, plus a sample of cases it passed)
 * and pays for the whole dataset only if it is not clearly worse. The decision pairs the child's outcomes with its
 * parent's on the same cases and races in up to two stages. The minibatch over-samples the parent's failures, so
 * the child's pass-rate on the whole dataset is estimated by re-weighting: its rate on cases the parent passed times
 * the parent's pass-rate, plus its rate on cases the parent failed times the parent's failure rate. A child that is
 * dominated by the session's frontier even at an optimistic estimate (its estimate plus 1.64 standard deviations
 * after one minibatch, plus 1 after two; its cost is known from the minibatch) stops: whatever it does on the other
 * cases, it would not be on the frontier. Otherwise a child that is clearly cheaper, or whose estimate is ahead of
 * its parent, goes on; one that is significantly worse than its parent (a one-sided sign test on the cases where the
 * two disagree, conservative here because the minibatch favours the child) stops; an undecided one gets a second
 * minibatch, then goes on. A child is thus stopped only on evidence, and one that breaks nothing its parent passed
 * is dropped only when the frontier holds something clearly better for its price.
 */
public final class Racing {

    public static final double ALPHA = 0.05;
    public static final double CLEARLY_CHEAPER = 0.05;
    public static final int STAGES = 2;
    /**
     * How many standard deviations of its estimated gain a child is given before it counts as dominated by the
     * frontier, per stage: wide on the first minibatch, narrower once two are in.
     */
    static final double[] OPTIMISM = {1.64, 1.0};

    public enum Verdict { CONTINUE, FULL, REJECT }

    /** The decision after a stage, and why. */
    /** @param estimatedGain the child's estimated pass-rate on the whole dataset minus its parent's */
    public record Result(Verdict verdict, int fixed, int broken, double estimatedGain, double pWorse,
                         double costRatio, String reason) {
    }

    private Racing() {
    }

    /** How many cases one stage runs. */
    public static int stageSize(int datasetSize) {
        return Math.min(datasetSize, Math.max(8, (int) Math.round(0.15 * datasetSize)));
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
        return sessionSeed * 1_000_033L + nodeId.hashCode();
    }

    /**
     * The decision after {@code stage} (0-based) on every case the child has run so far.
     *
     * @param frontier the session's frontier when the child was opened, at estimated pass-rates (may be empty)
     */
    public static Result decide(Map<String, Outcome> child, Map<String, Outcome> parent, int stage,
                                List<? extends Point> frontier) {
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
        double optimistic = parentRate + gain + OPTIMISM[Math.min(stage, OPTIMISM.length - 1)] * gainSd;
        double bestAtCost = frontier.stream().filter(f -> f.cost() <= estimatedCost)
                .mapToDouble(Point::passRate).max().orElse(Double.NEGATIVE_INFINITY);
        double pWorse = Evidence.signTest(broken, fixed);
        String counts = String.format("fixed %d and broke %d of its parent's cases on %d (estimated %+.1f points), "
                + "cost %+.0f%%", fixed, broken, child.size(), 100 * gain, 100 * (costRatio - 1));
        Verdict verdict;
        String why;
        if (optimistic < bestAtCost) {
            verdict = Verdict.REJECT;
            why = String.format("dominated: the frontier passes %.1f%% at $%.4f per case or less, this child at most "
                    + "%.1f%%", 100 * bestAtCost, estimatedCost, 100 * optimistic);
        } else if (costRatio <= 1 - CLEARLY_CHEAPER) {
            verdict = Verdict.FULL;
            why = "clearly cheaper";
        } else if (pWorse < ALPHA) {
            verdict = Verdict.REJECT;
            why = String.format("significantly worse than its parent (p=%.3f)", pWorse);
        } else if (gain > 0) {
            verdict = Verdict.FULL;
            why = "ahead of its parent";
        } else if (stage + 1 < STAGES) {
            verdict = Verdict.CONTINUE;
            why = "undecided";
        } else {
            verdict = Verdict.FULL;
            why = "not shown to be worse";
        }
        return new Result(verdict, fixed, broken, gain, pWorse, costRatio, why + ": " + counts);
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
