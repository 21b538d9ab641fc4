package io.alp.engine.search;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StallRuleTest {

    /** {@code moves} rounds that moved the frontier, then {@code stalled} that did not. */
    private static List<Boolean> history(int moves, int stalled) {
        List<Boolean> h = new ArrayList<>(Collections.nCopies(moves, true));
        h.addAll(Collections.nCopies(stalled, false));
        return h;
    }

    @Test
    void aStallShorterThanStallRoundsNeverStops() {
        assertFalse(StallRule.stop(history(0, 9), 9, 10, 90, 0.01));
    }

    @Test
    void aLongStallGoesOnWhileTheBudgetLeftBuysAnExpectedMove() {
        // 10 stalled rounds at $10 each: the chance a round moves is (0 + 0.5) / 11; $1,000 left buys 100 rounds
        List<Boolean> h = history(0, 10);
        assertEquals(0.5 / 11 * 100, StallRule.expectedMoves(h, 10, 100, 1000), 1e-9);
        assertFalse(StallRule.stop(h, 10, 10, 100, 1000));
    }

    @Test
    void aLongStallStopsWhenTheBudgetLeftBuysLessThanOneExpectedMove() {
        // the same stall with $100 left: 10 rounds at a chance of 1 in 22 is less than one move
        assertTrue(StallRule.stop(history(0, 10), 10, 10, 100, 100));
    }

    @Test
    void recentMovesRaiseTheChanceOnlyWithinTheWindow() {
        // a move 10 rounds ago (inside the window of 2 x 10 rounds) counts; one 25 rounds ago does not
        List<Boolean> recent = history(1, 10);
        List<Boolean> old = history(1, 24);
        // every round cost $1, and $20 are left: 20 more rounds
        assertEquals(1.5 / 12 * 20, StallRule.expectedMoves(recent, 10, 11, 20), 1e-9);
        assertEquals(0.5 / 21 * 20, StallRule.expectedMoves(old, 10, 25, 20), 1e-9);
        assertFalse(StallRule.stop(recent, 10, 10, 11, 20), "1.5 / 12 x 20 rounds = 2.5 expected moves");
        assertTrue(StallRule.stop(old, 10, 10, 25, 20), "0.5 / 21 x 20 rounds < 1 expected move");
    }

    @Test
    void beforeAnyRoundIsPaidForNothingStops() {
        assertFalse(StallRule.stop(List.of(), 5, 5, 0, 0));
    }
}
