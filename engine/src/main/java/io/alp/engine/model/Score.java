package io.alp.engine.model;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A node's aggregate over the frozen dataset: pass-rate with a 95% Wilson score interval, mean dollars per case,
 * and the judge's agreement (the mean share of judge samples that voted with each case's verdict; 1 when every
 * case was unanimous). Cases that could not be evaluated count as not passed, and are counted apart in
 * {@code errors}, with the commonest of their errors.
 *
 * @param errors      cases that could not be evaluated (see {@link Outcome#error()})
 * @param commonError the commonest error among them (its first line), null when there is none
 */
public record Score(int cases, int passes, double passRate, double passLow, double passHigh, double costPerCase,
                    double judgeAgreement, int errors, String commonError) {

    private static final double Z95 = 1.959963984540054;
    private static final int ERROR_HEAD_CHARS = 300;

    public static Score of(Collection<Outcome> outcomes) {
        int n = outcomes.size();
        int passes = (int) outcomes.stream().filter(Outcome::pass).count();
        double cost = outcomes.stream().mapToDouble(Outcome::costUsd).sum();
        double agreement = outcomes.stream().mapToDouble(Outcome::agreement).average().orElse(1);
        // errors that differ only in numbers (a case id, a port, a line) are one kind of error
        Map<String, List<String>> errors = outcomes.stream().filter(Outcome::errored).map(o -> head(o.error()))
                .collect(Collectors.groupingBy(e -> e.replaceAll("\\d+", "#"), TreeMap::new, Collectors.toList()));
        String common = errors.values().stream().max(Comparator.comparingInt(List::size)).map(l -> l.get(0))
                .orElse(null);
        return of(n, passes, n == 0 ? 0 : cost / n, agreement)
                .withErrors(errors.values().stream().mapToInt(List::size).sum(), common);
    }

    /** The same score with its errors counted. */
    public Score withErrors(int errorCount, String common) {
        if (errorCount < 0 || errorCount > cases - passes) {
            throw new IllegalArgumentException(errorCount + " errors among " + (cases - passes) + " cases not passed");
        }
        return new Score(cases, passes, passRate, passLow, passHigh, costPerCase, judgeAgreement, errorCount,
                errorCount == 0 ? null : common);
    }

    /** Whether most cases could not be evaluated: the score says nothing about the candidate. */
    public boolean mostlyErrors() {
        return cases > 0 && 2 * errors > cases;
    }

    /** What an error is grouped by: its first line, cut. */
    static String head(String error) {
        String line = error.strip().lines().findFirst().orElse("").strip();
        return line.length() > ERROR_HEAD_CHARS ? line.substring(0, ERROR_HEAD_CHARS) + "..." : line;
    }

    public static Score of(int cases, int passes, double costPerCase) {
        return of(cases, passes, costPerCase, 1);
    }

    public static Score of(int cases, int passes, double costPerCase, double judgeAgreement) {
        if (cases < 0 || passes < 0 || passes > cases) {
            throw new IllegalArgumentException("passes " + passes + " of " + cases + " cases is not a valid count");
        }
        if (cases == 0) {
            return new Score(0, 0, 0, 0, 1, costPerCase, judgeAgreement, 0, null);
        }
        double p = (double) passes / cases;
        double z2 = Z95 * Z95;
        double denom = 1 + z2 / cases;
        double centre = (p + z2 / (2.0 * cases)) / denom;
        double half = Z95 * Math.sqrt(p * (1 - p) / cases + z2 / (4.0 * cases * cases)) / denom;
        return new Score(cases, passes, p, Math.max(0, centre - half), Math.min(1, centre + half), costPerCase,
                judgeAgreement, 0, null);
    }
}
