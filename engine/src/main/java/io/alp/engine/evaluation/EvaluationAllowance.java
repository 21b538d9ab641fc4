package io.alp.engine.evaluation;

/**
 * How much of the budget a node's evaluation holds, and how many of its cases may be out at once.
 *
 * <p>A node is admitted on an estimate: its cases at the parent's measured evaluation cost per case times
 * {@link #MARGIN}, never more than the per-case cap. The budget stays a hard limit because a case is dispatched
 * only while the money already charged plus the cap of every case still out fits in what the node holds; when it
 * does not, the node asks for a raise, which the session grants from what is left. With money to spare an
 * evaluation runs as wide as before; near the end of the budget it runs narrower instead of being skipped.
 *
 * @param capPerCaseUsd the most one case can cost: the runner's per-case cap (enforced by the gateway for real
 *                      agents) plus the judge's
 */
public record EvaluationAllowance(double capPerCaseUsd) {

    /** How far above its parent's measured cost per case a child's evaluation is expected to go. */
    public static final double MARGIN = 2.0;

    public EvaluationAllowance {
        if (!(capPerCaseUsd >= 0)) {
            throw new IllegalArgumentException("the per-case cap must be a non-negative number, not " + capPerCaseUsd);
        }
    }

    /**
     * What to reserve before the first case: {@code cases} at the measured cost per case times the margin, or at
     * the cap when nothing was measured (the baseline) or the estimate exceeds it.
     *
     * @param measuredPerCaseUsd the parent's evaluation cost per case, NaN when unknown
     */
    public double admissionUsd(int cases, double measuredPerCaseUsd) {
        double perCase = Double.isNaN(measuredPerCaseUsd) ? capPerCaseUsd
                : Math.min(capPerCaseUsd, MARGIN * measuredPerCaseUsd);
        return cases * perCase;
    }

    /**
     * What to reserve when {@link #admissionUsd} does not fit in what is left of the budget: {@code cases} at the
     * parent's measured cost per case, without the margin (never more than the cap). A child that costs more asks
     * for a raise as it runs, and ends unscored if the budget cannot grant it.
     */
    public double leanAdmissionUsd(int cases, double measuredPerCaseUsd) {
        return cases * Math.min(capPerCaseUsd, measuredPerCaseUsd);
    }

    /** How many more cases may be dispatched now, holding {@code grantedUsd}. */
    public int dispatchable(double grantedUsd, double chargedUsd, int inFlight) {
        if (capPerCaseUsd == 0) {
            return Integer.MAX_VALUE;
        }
        double headroom = grantedUsd - chargedUsd - inFlight * capPerCaseUsd;
        // a micro-dollar of slack: amounts pass through the ledger's rounding
        return (int) Math.max(0, Math.floor((headroom + 1e-6) / capPerCaseUsd));
    }

    /** What the node would need to hold to have every waiting case out at once. */
    public double wantedUsd(double chargedUsd, int inFlight, int waiting) {
        return chargedUsd + (inFlight + waiting) * capPerCaseUsd;
    }

    /** Why an evaluation ended unscored when the budget could not cover its next case. */
    public static String budgetRanOut(int done, int cases) {
        return "the session's budget ran out during its evaluation (" + done + " of " + cases + " cases evaluated)";
    }
}
