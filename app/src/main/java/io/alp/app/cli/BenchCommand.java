package io.alp.app.cli;

import io.alp.app.UserError;
import io.alp.app.output.Json;
import io.alp.bench.search.BenchBudget;
import io.alp.bench.search.BenchPlan;
import io.alp.bench.search.BenchRow;
import io.alp.bench.search.BenchTable;
import io.alp.bench.search.SearchBench;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks: search on the SIMULATED world, trace ingestion, cluster throughput, the console, "
                + "the journal's size and recovery.",
        subcommands = {BenchCommand.SearchCommand.class, IngestBenchCommand.class, CollectBenchCommand.class,
                ClusterBenchCommand.class, ConsoleBenchCommand.class, JournalBenchCommand.class})
public final class BenchCommand {

    @Command(name = "search", mixinStandardHelpOptions = true,
            description = "Run ALP's search and three baselines (random single edits, greedy hill-climbing, "
                    + "GEPA-style) at the same budget on simulated worlds, and score them against each world's exact "
                    + "oracle.")
    public static final class SearchCommand implements Callable<Integer> {

        @Option(names = "--world", defaultValue = "terminal", split = ",", paramLabel = "WORLD",
                description = "World, a bundled one's name or a world file; several, comma-separated, get a table "
                        + "each and a summary over them (default: ${DEFAULT-VALUE}).")
        List<String> worlds;

        @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
        Budget budget;

        static final class Budget {
            @Option(names = "--budget", required = true, paramLabel = "USD", description = "Dollar budget per method.")
            Double usd;

            @Option(names = "--budget-passes", required = true, paramLabel = "N",
                    description = "Budget per method as N full evaluations of the baseline (every case, judged as "
                            + "ALP judges), computed per seed.")
            Double passes;

            BenchBudget toBudget() {
                return usd != null ? new BenchBudget.Dollars(usd) : new BenchBudget.Passes(passes);
            }
        }

        @Option(names = "--seeds", defaultValue = "10", paramLabel = "N|FIRST-LAST",
                description = "Seeds 1..N, or FIRST..LAST (e.g. 11-30) (default: ${DEFAULT-VALUE}).")
        String seeds;

        @Option(names = "--methods", split = ",", paramLabel = "METHOD",
                description = "Only these methods, comma-separated, of alp, alp-full, random, greedy, gepa "
                        + "(default: all).")
        List<String> methods = BenchPlan.METHODS;

        @Option(names = "--threads", defaultValue = "1",
                description = "Seeds run at once; each needs the memory of its world's oracle (default: "
                        + "${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--noise", defaultValue = "0.1", paramLabel = "P",
                description = "Judge flip probability (default: ${DEFAULT-VALUE}).")
        double noise;

        @Option(names = "--cases", defaultValue = "200", description = "Cases per dataset (default: ${DEFAULT-VALUE}).")
        int cases;

        @Option(names = "--json", description = "Print one row per world, method and seed as JSON.")
        boolean json;

        @Option(names = "--gaps", description = "After each world's table, per method and seed: the best "
                + "configuration evaluated against the oracle's best, and the changes it lacks.")
        boolean gaps;

        @Option(names = "--tree", description = "After each world's table, ALP's search tree per seed: every node "
                + "with its edit, status, what its evaluation cost, and its measured, estimated and true pass-rates "
                + "(in --json, each ALP row's tree).")
        boolean tree;

        @Override
        public Integer call() {
            long start = System.nanoTime();
            BenchPlan plan;
            List<BenchRow> rows;
            try {
                long[] range = seedRange(seeds);
                plan = new BenchPlan(worlds, budget.toBudget(), range[0], range[1], noise, cases, methods, threads);
                rows = SearchBench.run(plan);
            } catch (IllegalArgumentException e) {
                throw UserError.badInput(e.getMessage());
            } catch (OutOfMemoryError e) {
                throw UserError.badInput(String.format(Locale.ROOT, "the search bench ran out of memory (a heap of "
                        + "%d MiB, %d seed%s at once): each seed holds its world's exact oracle, and a world with a "
                        + "large configuration space needs several GiB; raise the heap (e.g. ALP_JAVA_OPTS=-Xmx12g "
                        + "alp bench search ...) or run fewer seeds at once (--threads)",
                        Runtime.getRuntime().maxMemory() >> 20, threads, threads == 1 ? "" : "s"));
            }
            if (!tree) {
                rows = rows.stream().map(BenchRow::withoutTree).toList();
            }
            if (json) {
                System.out.println(Json.write(rows));
                return 0;
            }
            for (String world : plan.worlds()) {
                List<BenchRow> own = rows.stream().filter(r -> r.world().equals(world)).toList();
                System.out.printf(Locale.ROOT, "world %s, budget %s%s, seeds %s, judge flip %.2f, %d cases%n",
                        world, plan.budget(), budget.passes == null ? "" : String.format(Locale.ROOT,
                                " (median $%.2f)", BenchTable.median(own, BenchRow::budgetUsd)),
                        plan.seedRange(), noise, cases);
                System.out.print(BenchTable.render(own));
                if (gaps) {
                    System.out.print(BenchTable.gaps(own));
                }
                if (tree) {
                    System.out.print(BenchTable.trees(own));
                }
                System.out.println();
            }
            if (plan.worlds().size() > 1) {
                System.out.print(BenchTable.summary(rows));
            }
            System.out.printf("wall time %.1f s%n", (System.nanoTime() - start) / 1e9);
            return 0;
        }

        /** {@code N} as seeds 1..N, {@code FIRST-LAST} as FIRST..LAST; seeds are at least 1, first no later. */
        static long[] seedRange(String text) {
            String[] ends = text.trim().split("-", -1);
            try {
                long first = ends.length == 2 ? Long.parseLong(ends[0].trim()) : 1;
                long last = Long.parseLong(ends[ends.length - 1].trim());
                if (ends.length <= 2 && first >= 1 && last >= first) {
                    return new long[] {first, last};
                }
            } catch (NumberFormatException e) {
                // named below
            }
            throw new IllegalArgumentException("seeds: expected N or FIRST-LAST of seeds from 1 (e.g. 10 or 11-30), "
                    + "got '" + text + "'");
        }
    }
}
