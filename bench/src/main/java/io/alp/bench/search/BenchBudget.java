package io.alp.bench.search;

/**
 * What each method may spend on one seed: a fixed number of dollars, or a number of the baseline's full
 * evaluations (every case of the seed's dataset run by the baseline agent and judged as ALP judges, so that a
 * budget means the same effort on worlds whose agents cost very different amounts).
 */
public sealed interface BenchBudget {

    /** The dollars for one seed, given what one full evaluation of its baseline costs. */
    double usd(double baselinePassUsd);

    /** A budget in dollars. */
    record Dollars(double amount) implements BenchBudget {
        public Dollars {
            if (!(amount > 0) || Double.isInfinite(amount)) {
                throw new IllegalArgumentException("budget: expected a positive number of dollars, got " + amount);
            }
        }

        @Override
        public double usd(double baselinePassUsd) {
            return amount;
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "$%.2f per method", amount);
        }
    }

    /** A budget of {@code passes} full evaluations of the baseline. */
    record Passes(double passes) implements BenchBudget {
        public Passes {
            if (!(passes > 0) || Double.isInfinite(passes)) {
                throw new IllegalArgumentException("budget-passes: expected a positive number, got " + passes);
            }
        }

        @Override
        public double usd(double baselinePassUsd) {
            return passes * baselinePassUsd;
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%s baseline passes per method", passes);
        }
    }
}
