package io.alp.engine.budget;

/** Dollars held as whole micro-dollars so that sums are exact and order-independent. */
public final class Money {
    private Money() {
    }

    public static long micros(double usd) {
        if (Double.isNaN(usd) || usd < 0) {
            throw new IllegalArgumentException("not a dollar amount: " + usd);
        }
        return (long) Math.ceil(usd * 1_000_000 - 1e-6);
    }

    public static double usd(long micros) {
        return micros / 1_000_000.0;
    }
}
