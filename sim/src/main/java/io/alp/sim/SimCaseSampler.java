package io.alp.sim;

import io.alp.engine.model.Case;
import io.alp.engine.port.CaseSampler;
import io.alp.sim.behaviour.CaseProfile;
import io.alp.sim.behaviour.StableRandom;
import io.alp.sim.world.Category;
import io.alp.sim.world.WorldDefinition;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Simulated production traffic: each case gets a category by traffic share and a difficulty from the category's
 * range. Both come from golden-ratio sequences with offsets drawn from the sampling seed: quasi-random, so any
 * dataset of a hundred cases or more mirrors the world's shares and difficulty spread instead of drifting with
 * sampling noise, which keeps the world's calibration true at every seed.
 */
public final class SimCaseSampler implements CaseSampler {

    private static final double GOLDEN = 0.6180339887498949;

    private final WorldDefinition world;

    public SimCaseSampler(WorldDefinition world) {
        this.world = world;
    }

    @Override
    public String describe() {
        return "simulated traffic of " + world.label() + " (" + world.categories().size()
                + " task categories: " + String.join(", ", world.categoryNames()) + ")";
    }

    @Override
    public List<Case> sample(int size, long seed) {
        SplittableRandom random = new SplittableRandom(StableRandom.hash(seed, "traffic", world.name()));
        int categories = world.categories().size();
        double categoryOffset = random.nextDouble();
        double[] difficultyOffset = random.doubles(categories).toArray();
        int[] drawn = new int[categories];
        double totalShare = world.categories().stream().mapToDouble(Category::share).sum();
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int c = pick(fraction(categoryOffset + i * GOLDEN) * totalShare);
            Category category = world.categories().get(c);
            double position = fraction(difficultyOffset[c] + drawn[c]++ * GOLDEN);
            double difficulty = category.minDifficulty()
                    + position * (category.maxDifficulty() - category.minDifficulty());
            cases.add(simulatedCase(i, seed, category, difficulty));
        }
        return cases;
    }

    private Case simulatedCase(int index, long seed, Category category, double difficulty) {
        String shown = String.format(Locale.ROOT, "%.4f", difficulty);
        String id = String.format(Locale.ROOT, "%s-%d-%04d", world.name(), seed, index);
        String input = "[simulated] " + category.name() + " task " + id + " (difficulty " + shown
                + ") from " + world.label() + "; no real request behind it";
        return new Case(id, input, Map.of(
                CaseProfile.CATEGORY, category.name(),
                CaseProfile.DIFFICULTY, shown,
                "world", world.name(),
                CaseProfile.SIMULATED, "true"));
    }

    private static double fraction(double x) {
        return x - Math.floor(x);
    }

    private int pick(double point) {
        double cumulative = 0;
        for (int c = 0; c < world.categories().size(); c++) {
            cumulative += world.categories().get(c).share();
            if (point < cumulative) {
                return c;
            }
        }
        return world.categories().size() - 1;
    }
}
