package io.alp.sim.behaviour;

import io.alp.engine.model.Case;
import io.alp.sim.world.Category;
import io.alp.sim.world.WorldDefinition;

import java.util.OptionalInt;

/**
 * What the simulation needs of a case: its category index, its difficulty, and its token factor (harder cases
 * of a category use up to 25% more tokens, easier ones up to 25% fewer).
 */
public record CaseProfile(String id, int category, double difficulty, double tokenFactor) {

    public static final String CATEGORY = "category";
    public static final String DIFFICULTY = "difficulty";
    public static final String SIMULATED = "simulated";
    public static final double MIN_TOKEN_FACTOR = 0.75;
    public static final double MAX_TOKEN_FACTOR = 1.25;

    /**
     * The profile a simulated case carries in its attributes; a case from real traffic (not marked
     * {@code simulated}) gets one derived from its id: a category drawn by the world's traffic shares and a
     * difficulty within that category's range. The simulated agent's behaviour on real inputs is still simulated.
     *
     * @throws IllegalArgumentException when a simulated case lacks a known category or a numeric difficulty
     */
    public static CaseProfile of(WorldDefinition world, Case c) {
        if (!"true".equals(c.attributes().get(SIMULATED))) {
            return derived(world, c);
        }
        String categoryName = c.attributes().get(CATEGORY);
        OptionalInt category = categoryName == null ? OptionalInt.empty() : world.categoryIndex(categoryName);
        if (category.isEmpty()) {
            throw new IllegalArgumentException("case " + c.id() + " has no category of " + world.label()
                    + " (attribute category=" + categoryName + "; declared: "
                    + String.join(", ", world.categoryNames()) + ")");
        }
        double difficulty;
        try {
            difficulty = Double.parseDouble(c.attributes().getOrDefault(DIFFICULTY, ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("case " + c.id() + " has no numeric difficulty attribute (got "
                    + c.attributes().get(DIFFICULTY) + ")");
        }
        Category declared = world.categories().get(category.getAsInt());
        return new CaseProfile(c.id(), category.getAsInt(), difficulty, tokenFactor(declared, difficulty));
    }

    private static CaseProfile derived(WorldDefinition world, Case c) {
        double total = world.categories().stream().mapToDouble(Category::share).sum();
        double point = StableRandom.uniform(0, "profile", "category", c.id()) * total;
        int category = world.categories().size() - 1;
        double cumulative = 0;
        for (int i = 0; i < world.categories().size(); i++) {
            cumulative += world.categories().get(i).share();
            if (point < cumulative) {
                category = i;
                break;
            }
        }
        Category declared = world.categories().get(category);
        double difficulty = declared.minDifficulty() + StableRandom.uniform(0, "profile", "difficulty", c.id())
                * (declared.maxDifficulty() - declared.minDifficulty());
        return new CaseProfile(c.id(), category, difficulty, tokenFactor(declared, difficulty));
    }

    static double tokenFactor(Category category, double difficulty) {
        double span = category.maxDifficulty() - category.minDifficulty();
        if (span <= 0) {
            return 1.0;
        }
        double position = Math.min(1, Math.max(0, (difficulty - category.minDifficulty()) / span));
        return MIN_TOKEN_FACTOR + (MAX_TOKEN_FACTOR - MIN_TOKEN_FACTOR) * position;
    }
}
