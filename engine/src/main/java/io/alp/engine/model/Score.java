package io.alp.engine.model;

import java.util.Collection;

/**
 * A node's aggregate over the frozen dataset: pass-rate with a 95% Wilson score interval, mean dollars per case,
 * and the judge's agreement (the mean share of judge samples that voted with each case's verdict; 1 when every
 * case was unanimous).
 */
public record Score(int cases, int passes, double passRate, double passLow, double passHigh, double costPerCase,
                    double judgeAgreement) {

    private static final double Z95 = 1.959963984540054;

    public static Score of(Collection<Outcome> outcomes) {
        int n = outcomes.size();
        int passes = (int) outcomes.stream().filter(Outcome::pass).count();
        double cost = outcomes.stream().mapToDouble(Outcome::costUsd).sum();
        double agreement = outcomes.stream().mapToDouble(Outcome::agreement).average().orElse(1);
        return of(n, passes, n == 0 ? 0 : cost / n, agreement);
    }

    public static Score of(int cases, int passes, double costPerCase) {
        return of(cases, passes, costPerCase, 1);
    }

    public static Score of(int cases, int passes, double costPerCase, double judgeAgreement) {
        if (cases < 0 || passes < 0 || passes > cases) {
            throw new IllegalArgumentException("passes " + passes + " of " + cases + " cases is not a valid count");
        }
        if (cases == 0) {
            return new Score(0, 0, 0, 0, 1, costPerCase, judgeAgreement);
        }
        double p = (double) passes / cases;
        double z2 = Z95 * Z95;
        double denom = 1 + z2 / cases;
        double centre = (p + z2 / (2.0 * cases)) / denom;
        double half = Z95 * Math.sqrt(p * (1 - p) / cases + z2 / (4.0 * cases * cases)) / denom;
        return new Score(cases, passes, p, Math.max(0, centre - half), Math.min(1, centre + half), costPerCase,
                judgeAgreement);
    }
}
