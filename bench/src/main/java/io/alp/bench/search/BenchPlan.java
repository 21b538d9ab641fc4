package io.alp.bench.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one run of the search benchmark covers: every listed method on every listed world, on seeds
 * {@code firstSeed..lastSeed}, each seed with its own frozen dataset of {@code cases} cases and its world's judge
 * flipping with probability {@code noise}; seeds run on {@code threads} threads (each seed's rows do not depend on
 * which thread ran it).
 */
public record BenchPlan(List<String> worlds, BenchBudget budget, long firstSeed, long lastSeed, double noise,
                        int cases, List<String> methods, int threads) {

    /** Every method, in the order the table shows them. */
    public static final List<String> METHODS = List.of("alp", "alp-full", "random", "greedy", "gepa");

    /** @throws IllegalArgumentException naming the bad field and what it expects */
    public BenchPlan {
        if (worlds.isEmpty()) {
            throw new IllegalArgumentException("world: expected at least one world");
        }
        worlds = List.copyOf(worlds);
        if (firstSeed < 1 || lastSeed < firstSeed) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "seeds: expected seeds of at least 1, first no later than last, got %d-%d", firstSeed, lastSeed));
        }
        if (cases < 1) {
            throw new IllegalArgumentException("cases: expected at least 1, got " + cases);
        }
        List<String> unknown = new ArrayList<>(methods);
        unknown.removeAll(METHODS);
        if (methods.isEmpty() || !unknown.isEmpty()) {
            throw new IllegalArgumentException("methods: expected some of " + String.join(", ", METHODS) + ", got "
                    + (methods.isEmpty() ? "none" : String.join(", ", unknown)));
        }
        methods = METHODS.stream().filter(methods::contains).toList();
        if (threads < 1) {
            throw new IllegalArgumentException("threads: expected at least 1, got " + threads);
        }
    }

    /** One world, seeds 1..{@code seeds}, every method, one thread. */
    public static BenchPlan of(String world, BenchBudget budget, int seeds, double noise, int cases) {
        if (seeds < 1) {
            throw new IllegalArgumentException("seeds: expected at least 1, got " + seeds);
        }
        return new BenchPlan(List.of(world), budget, 1, seeds, noise, cases, METHODS, 1);
    }

    /** The seeds as a user writes them: {@code 1-10}, or {@code 7} for one. */
    public String seedRange() {
        return firstSeed == lastSeed ? Long.toString(firstSeed) : firstSeed + "-" + lastSeed;
    }
}
