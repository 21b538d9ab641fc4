package io.alp.bench.search;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.alp.engine.evaluation.CaseEvaluation;
import io.alp.engine.model.Case;
import io.alp.engine.model.Dataset;
import io.alp.engine.model.WorldSpec;
import io.alp.engine.port.World;
import io.alp.engine.search.SearchConfig;
import io.alp.sim.SimWorldFactory;
import io.alp.sim.SimWorlds;
import io.alp.sim.SimulationConfig;
import io.alp.sim.oracle.Oracle;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The search benchmark (SIMULATED): ALP's search and three baselines (random single edits, greedy hill-climbing
 * on pass-rate, GEPA-style) run at the same dollar budget on the same simulated world, seeds and frozen datasets,
 * and are scored against the world's exact oracle ({@link BenchScorer}).
 */
public final class SearchBench {

    private SearchBench() {
    }

    /**
     * Runs every method on seeds 1..{@code seeds}: per seed, the world with settings {seed, judge.flipRate: noise},
     * a dataset of {@code cases} cases frozen from its traffic, and a fresh world instance per method.
     *
     * @return one row per (seed, method), seeds ascending, methods in the order alp, alp-full (ALP evaluating every
     *         child on every case), random, greedy, gepa
     * @throws IllegalArgumentException naming the bad argument (an unknown world, a noise outside 0..0.5, ...)
     */
    public static List<BenchRow> run(String world, double budgetUsd, int seeds, double noise, int cases) {
        return run(world, new BenchBudget.Dollars(budgetUsd), seeds, noise, cases);
    }

    /** As {@link #run(String, double, int, double, int)}, with the budget in dollars or in baseline passes. */
    public static List<BenchRow> run(String world, BenchBudget budget, int seeds, double noise, int cases) {
        return run(BenchPlan.of(world, budget, seeds, noise, cases));
    }

    /**
     * Runs a plan: rows in the order of its worlds, then seeds ascending, then methods in {@link BenchPlan#METHODS}
     * order, however many threads ran them.
     *
     * @throws IllegalArgumentException naming the bad argument (an unknown world, a noise outside 0..0.5, ...)
     */
    public static List<BenchRow> run(BenchPlan plan) {
        ExecutorService pool = Executors.newFixedThreadPool(plan.threads());
        try {
            List<Future<List<BenchRow>>> seeds = new ArrayList<>();
            for (String world : plan.worlds()) {
                for (long seed = plan.firstSeed(); seed <= plan.lastSeed(); seed++) {
                    long s = seed;
                    seeds.add(pool.submit(() -> runSeed(world, plan.budget(), s, plan.noise(), plan.cases(),
                            plan.methods())));
                }
            }
            List<BenchRow> rows = new ArrayList<>();
            for (Future<List<BenchRow>> seed : seeds) {
                rows.addAll(seed.get());
            }
            return rows;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One seed of the benchmark: a row per method. */
    static List<BenchRow> runSeed(String world, double budgetUsd, long seed, double noise, int cases) {
        return runSeed(world, new BenchBudget.Dollars(budgetUsd), seed, noise, cases, BenchPlan.METHODS);
    }

    static List<BenchRow> runSeed(String world, BenchBudget budget, long seed, double noise, int cases) {
        return runSeed(world, budget, seed, noise, cases, BenchPlan.METHODS);
    }

    static List<BenchRow> runSeed(String world, BenchBudget budget, long seed, double noise, int cases,
                                  List<String> methodNames) {
        SimulationConfig settings = new SimulationConfig(seed, 1, noise, null, null, 0, 0);
        WorldSpec ref = SimWorlds.ref(world, settings);
        SimWorldFactory factory = new SimWorldFactory();
        World sample = factory.create(ref);
        Dataset dataset = Dataset.freeze(sample.cases().describe(), sample.cases().sample(cases, seed));
        Oracle oracle = Oracle.of(ref.name(), ref.definition());
        BenchScorer scorer = new BenchScorer(oracle, dataset.cases());
        double budgetUsd = budget.usd(baselinePassUsd(factory, world, settings, dataset));
        List<BenchRow> rows = new ArrayList<>();
        for (SearchMethod method : methods(new SingleEdits(oracle.world()))) {
            if (!methodNames.contains(method.name())) {
                continue;
            }
            MethodResult result = method.run(factory.create(SimWorlds.ref(world, method.settings(settings))), dataset,
                    budgetUsd, seed);
            rows.add(scorer.score(world, method.name(), seed, budgetUsd, result));
        }
        return rows;
    }

    /** What one full evaluation of the baseline costs on the dataset: every case run and judged as ALP judges. */
    static double baselinePassUsd(SimWorldFactory factory, String world, SimulationConfig settings,
                                  Dataset dataset) {
        World judged = factory.create(SimWorlds.ref(world, AlpSearch.judged(settings)));
        String baseline = judged.materializer().baselineSource();
        double usd = 0;
        for (Case c : dataset.cases()) {
            usd += CaseEvaluation.evaluate(judged.runner(), judged.judge(), baseline, c).toCompletableFuture().join()
                    .evaluationCostUsd();
        }
        return usd;
    }

    static List<SearchMethod> methods(SingleEdits singleEdits) {
        return List.of(new AlpSearch("alp", SearchConfig.defaults()),
                new AlpSearch("alp-full", SearchConfig.defaults().withStaged(false)),
                new RandomSearch(singleEdits), new GreedySearch(singleEdits), new GepaSearch());
    }

    /**
     * Runs the benchmark from the command line and prints its table and wall time (or, with {@code --json}, the
     * rows; the wall time goes to stderr): {@code SearchBench WORLD BUDGET_USD|PASSESx SEEDS NOISE CASES [--json]},
     * where {@code 20x} is a budget of 20 baseline passes.
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: SearchBench WORLD BUDGET_USD|PASSESx SEEDS NOISE CASES [--json]");
            System.exit(1);
        }
        long start = System.nanoTime();
        BenchBudget budget = args[1].endsWith("x")
                ? new BenchBudget.Passes(Double.parseDouble(args[1].substring(0, args[1].length() - 1)))
                : new BenchBudget.Dollars(Double.parseDouble(args[1]));
        List<BenchRow> rows = run(args[0], budget, Integer.parseInt(args[2]), Double.parseDouble(args[3]),
                Integer.parseInt(args[4]));
        double seconds = (System.nanoTime() - start) / 1e9;
        if (args.length > 5 && args[5].equals("--json")) {
            System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(rows));
        } else {
            System.out.printf(Locale.ROOT, "world %s, budget %s, noise %s, %s cases%n", args[0], budget, args[3],
                    args[4]);
            System.out.print(BenchTable.render(rows));
        }
        System.err.printf(Locale.ROOT, "wall time %.1f s%n", seconds);
    }
}
