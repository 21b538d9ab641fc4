package io.alp.sim.oracle;

import java.util.Locale;

/** A plain-text table of an oracle frontier, for terminals and reports. */
public final class FrontierTable {

    private FrontierTable() {
    }

    public static String render(OracleResult result) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "[simulated] oracle frontier: %d non-dominated of %,d configurations%n",
                result.frontier().size(), result.configurations()));
        out.append(String.format(Locale.ROOT, "%9s  %9s  %s%n", "pass-rate", "$/case", "configuration"));
        for (FrontierPoint point : result.frontier()) {
            out.append(String.format(Locale.ROOT, "%8.1f%%  %9.4f  %s%n",
                    100 * point.passRate(), point.costPerCase(), point.config()));
        }
        return out.toString();
    }
}
