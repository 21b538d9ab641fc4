package io.alp.engine.frontier;

import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.BinomialTest;

import java.util.BitSet;

/**
 * Noise-aware dominance: one node is pruned in favour of another only on evidence, never on one lucky or unlucky
 * sample. {@code a} clearly dominates {@code b} when it costs no more and its pass-rate is significantly higher (a
 * one-sided sign test on the cases where the two disagree — McNemar's exact test — or, without per-case results,
 * non-overlapping Wilson intervals). Being much cheaper is not enough: a cheaper node whose sample merely ties or
 * edges out a dearer one's may well pass less often, and a pruned node is never a parent again.
 */
public final class Evidence {

    /** Significance of a pass-rate difference. */
    public static final double ALPHA = 0.05;

    private static final BinomialTest SIGN_TEST = BinomialTest.withDefaults()
            .with(AlternativeHypothesis.GREATER_THAN);

    private Evidence() {
    }

    public static boolean clearlyDominates(ScoredNode a, ScoredNode b) {
        if (a.cost() > b.cost() || a.passRate() < b.passRate() || a.nodeId().equals(b.nodeId())) {
            return false;
        }
        return passesSignificantlyMore(a, b);
    }

    public static boolean passesSignificantlyMore(ScoredNode a, ScoredNode b) {
        if (a.passMask() != null && b.passMask() != null
                && PassMask.length(a.passMask()) == PassMask.length(b.passMask())) {
            return signTestPValue(a.passMask(), b.passMask()) < ALPHA;
        }
        return a.score().passLow() > b.score().passHigh();
    }

    /** P(a wins at least this many of the cases where a and b disagree | neither is better). */
    public static double signTestPValue(String maskA, String maskB) {
        BitSet a = PassMask.decode(maskA);
        BitSet b = PassMask.decode(maskB);
        BitSet onlyA = (BitSet) a.clone();
        onlyA.andNot(b);
        BitSet onlyB = (BitSet) b.clone();
        onlyB.andNot(a);
        return signTest(onlyA.cardinality(), onlyB.cardinality());
    }

    /**
     * The one-sided sign test on paired results: P(at least {@code wins} of the {@code wins + losses} cases where
     * two candidates disagree go one way | neither is better). 1 when they never disagree.
     */
    public static double signTest(int wins, int losses) {
        int disagreements = wins + losses;
        return disagreements == 0 ? 1.0 : SIGN_TEST.test(disagreements, wins, 0.5).getPValue();
    }

    /** One standard error of a node's pass-rate: how far a lucky or unlucky sample may have moved it. */
    public static double standardError(ScoredNode n) {
        int cases = n.score().cases();
        double p = n.passRate();
        return cases == 0 ? 0.5 : Math.sqrt(p * (1 - p) / cases);
    }
}
