package io.alp.sim.world;

import java.util.List;

/**
 * A task category: its share of traffic, the range its difficulty (a logit) is drawn from, the tokens a bare
 * agent uses on a case of middling difficulty, whether memory policies that drop context hurt it, and its needs.
 */
public record Category(String name, double share, double minDifficulty, double maxDifficulty,
                       long inputTokens, long outputTokens, boolean longContext, List<Need> needs) {
    public Category {
        needs = List.copyOf(needs);
    }
}
