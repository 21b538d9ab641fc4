package io.alp.engine.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ScoreTest {

    private static final double EPS = 1e-9;
    private static final double Z = 1.959963984540054;

    /**
     * Expected bounds are computed independently with the algebraically equivalent form of the Wilson interval,
     * (x + z^2/2 -/+ z * sqrt(x (n - x) / n + z^2 / 4)) / (n + z^2), and cross-checked by hand (Python).
     */
    private static double[] wilson(int x, int n) {
        double centre = x + Z * Z / 2;
        double half = Z * Math.sqrt((double) x * (n - x) / n + Z * Z / 4);
        return new double[]{(centre - half) / (n + Z * Z), (centre + half) / (n + Z * Z)};
    }

    @Test
    void zeroOfTen() {
        Score s = Score.of(10, 0, 0.5);
        assertEquals(0.0, s.passRate(), EPS);
        assertEquals(0.0, s.passLow(), EPS);
        assertEquals(0.2775327998628892, s.passHigh(), EPS);
        assertEquals(wilson(0, 10)[1], s.passHigh(), EPS);
        assertEquals(0.5, s.costPerCase(), EPS);
    }

    @Test
    void tenOfTen() {
        Score s = Score.of(10, 10, 0.25);
        assertEquals(1.0, s.passRate(), EPS);
        assertEquals(0.7224672001371107, s.passLow(), EPS);
        assertEquals(1.0, s.passHigh(), EPS);
    }

    @Test
    void sixtyFourOfHundred() {
        Score s = Score.of(100, 64, 1.31);
        assertEquals(0.64, s.passRate(), EPS);
        assertEquals(0.5423540245160873, s.passLow(), EPS);
        assertEquals(0.7272877959859567, s.passHigh(), EPS);
        double[] w = wilson(64, 100);
        assertEquals(w[0], s.passLow(), EPS);
        assertEquals(w[1], s.passHigh(), EPS);
    }

    @Test
    void oneOfThree() {
        Score s = Score.of(3, 1, 0);
        assertEquals(0.061491944720396235, s.passLow(), EPS);
        assertEquals(0.7923403991979523, s.passHigh(), EPS);
    }

    @Test
    void intervalNarrowsWithMoreCases() {
        Score small = Score.of(10, 6, 0);
        Score large = Score.of(1000, 600, 0);
        assertEquals(small.passRate(), large.passRate(), EPS);
        double smallWidth = small.passHigh() - small.passLow();
        double largeWidth = large.passHigh() - large.passLow();
        assertEquals(true, largeWidth < smallWidth / 5, "width " + largeWidth + " vs " + smallWidth);
    }

    @Test
    void noCasesIsTheWholeInterval() {
        Score s = Score.of(0, 0, 0);
        assertEquals(0, s.passRate(), EPS);
        assertEquals(0, s.passLow(), EPS);
        assertEquals(1, s.passHigh(), EPS);
    }

    @Test
    void invalidCountsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Score.of(10, 11, 0));
        assertThrows(IllegalArgumentException.class, () -> Score.of(-1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Score.of(10, -1, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Score.of(3, 4, 0));
        assertEquals(true, e.getMessage().contains("4") && e.getMessage().contains("3"), e.getMessage());
    }

    @Test
    void fromOutcomesCountsPassesAndAveragesOnlyTheCandidatesCost() {
        List<Outcome> outcomes = List.of(
                new Outcome("a", true, "ok", "out", 10, 5, 0.30, 0.01, 1),
                new Outcome("b", false, "no", "out", 10, 5, 0.10, 0.01, 1),
                new Outcome("c", true, "ok", "out", 10, 5, 0.20, 0.01, 1),
                new Outcome("d", true, "ok", "out", 10, 5, 0.40, 0.01, 1));
        Score s = Score.of(outcomes);
        assertEquals(4, s.cases());
        assertEquals(3, s.passes());
        assertEquals(0.75, s.passRate(), EPS);
        // judge cost is budget overhead, not part of the cost objective
        assertEquals(0.25, s.costPerCase(), EPS);
        double[] w = wilson(3, 4);
        assertEquals(w[0], s.passLow(), EPS);
        assertEquals(w[1], s.passHigh(), EPS);
    }

    @Test
    void errorsAreCountedApartWithTheCommonestKindNamed() {
        java.util.List<Outcome> outcomes = java.util.List.of(
                new Outcome("c1", true, "ok", "a", 1, 1, 0.1, 0, 1),
                new Outcome("c2", false, "wrong", "b", 1, 1, 0.1, 0, 1),
                new Outcome("c3", false, "x", "", 0, 0, 0, 0, 1, "the agent failed to run: case c3: HTTP 502 at port 4101"),
                new Outcome("c4", false, "x", "", 0, 0, 0, 0, 1, "the agent failed to run: case c4: HTTP 502 at port 4101"),
                new Outcome("c5", false, "x", "", 0, 0, 0, 0, 1, "timed out after 30s"));
        Score s = Score.of(outcomes);
        assertEquals(5, s.cases());
        assertEquals(1, s.passes());
        assertEquals(3, s.errors());
        // errors that differ only in their numbers are one kind; the first of the commonest kind is named
        assertEquals("the agent failed to run: case c3: HTTP 502 at port 4101", s.commonError());
        assertTrue(s.mostlyErrors());
        assertFalse(Score.of(outcomes.subList(0, 3)).mostlyErrors());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Outcome("c6", true, "ok", "", 0, 0, 0, 0, 1, "crashed"));
    }
}
