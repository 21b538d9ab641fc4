package io.alp.sim.oracle;

/** One non-dominated configuration: its exact expected pass-rate and mean dollars per case on the dataset. */
public record FrontierPoint(double passRate, double costPerCase, String config) {

    /** At least as good on both objectives and strictly better on one. */
    public boolean dominates(double otherPassRate, double otherCostPerCase) {
        return passRate >= otherPassRate && costPerCase <= otherCostPerCase
                && (passRate > otherPassRate || costPerCase < otherCostPerCase);
    }
}
