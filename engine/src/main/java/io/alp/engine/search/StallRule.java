package io.alp.engine.search;

import java.util.List;

/**
 * Whether a stalled session should stop: only when further spending is unlikely to move the frontier. A stall of
 * {@code stallRounds} rounds alone does not end a session that can still buy many rounds: the chance that a round
 * moves the frontier is estimated from the recent rounds (the last {@link #WINDOW} stall lengths, with half a move of
 * prior so that a long drought still leaves a small chance), and the session goes on while that chance times the
 * rounds the remaining budget buys (at the session's mean round cost) is at least {@link #MIN_EXPECTED_MOVES}.
 */
public final class StallRule {

    /** How many stall lengths of recent rounds estimate the chance that a round moves the frontier. */
    static final int WINDOW = 2;
    /** A session stops once the remaining budget is expected to buy fewer frontier moves than this. */
    static final double MIN_EXPECTED_MOVES = 1.0;

    private StallRule() {
    }

    /**
     * @param moved          for every completed round, oldest first, whether it moved the frontier
     * @param stalledRounds  completed rounds in a row, up to now, that did not move it
     * @param stallRounds    the configured stall length
     * @param spentOnRoundsUsd what the completed rounds cost (orchestrator and evaluation)
     * @param availableUsd   what is left of the budget
     */
    public static boolean stop(List<Boolean> moved, int stalledRounds, int stallRounds, double spentOnRoundsUsd,
                               double availableUsd) {
        if (stalledRounds < stallRounds) {
            return false;
        }
        return expectedMoves(moved, stallRounds, spentOnRoundsUsd, availableUsd) < MIN_EXPECTED_MOVES;
    }

    /** How many frontier moves the remaining budget is expected to buy at the recent rate. */
    static double expectedMoves(List<Boolean> moved, int stallRounds, double spentOnRoundsUsd, double availableUsd) {
        if (moved.isEmpty() || spentOnRoundsUsd <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        int window = Math.min(moved.size(), WINDOW * stallRounds);
        long recentMoves = moved.subList(moved.size() - window, moved.size()).stream().filter(m -> m).count();
        double chance = (recentMoves + 0.5) / (window + 1.0);
        double roundCost = spentOnRoundsUsd / moved.size();
        return chance * availableUsd / roundCost;
    }
}
