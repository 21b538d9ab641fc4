package io.alp.engine.evaluation;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EvaluationAllowanceTest {

    private static final double EPS = 1e-9;
    private final EvaluationAllowance capOfQuarter = new EvaluationAllowance(0.25);

    @Test
    void admitsOnTwiceTheMeasuredCostPerCaseButNeverAboveTheCap() {
        assertEquals(12 * 0.02, capOfQuarter.admissionUsd(12, 0.01), EPS);
        assertEquals(12 * 0.25, capOfQuarter.admissionUsd(12, 0.20), EPS);
        assertEquals(12 * 0.25, capOfQuarter.admissionUsd(12, Double.NaN), EPS, "nothing measured: the cap");
    }

    @Test
    void dispatchesOnlyWhatTheHeldMoneyCoversAtTheCap() {
        assertEquals(4, capOfQuarter.dispatchable(1.0, 0, 0));
        assertEquals(2, capOfQuarter.dispatchable(1.0, 0, 2));
        assertEquals(1, capOfQuarter.dispatchable(1.0, 0.5, 1));
        assertEquals(0, capOfQuarter.dispatchable(1.0, 0.8, 0));
        assertEquals(0, capOfQuarter.dispatchable(0.24, 0, 0));
        assertEquals(Integer.MAX_VALUE, new EvaluationAllowance(0).dispatchable(0, 0, 5), "free cases never wait");
    }

    @Test
    void wantsEnoughForEveryWaitingAndOutstandingCaseAtTheCap() {
        assertEquals(0.3 + 5 * 0.25, capOfQuarter.wantedUsd(0.3, 2, 3), EPS);
    }

    @Test
    void refusesANegativeCap() {
        assertThrows(IllegalArgumentException.class, () -> new EvaluationAllowance(-1));
    }
}
