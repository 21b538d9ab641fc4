package io.alp.app.cli;

import io.alp.app.UserError;
import io.alp.app.output.Json;
import io.alp.bench.search.BenchBudget;
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
                    + "GEPA-style) at the same budget on a simulated world, and score them against its exact oracle.")
    public static final class SearchCommand implements Callable<Integer> {

        @Option(names = "--world", defaultValue = "terminal", description = "World (default: ${DEFAULT-VALUE}).")
        String world;

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

        @Option(names = "--seeds", defaultValue = "10", description = "Seeds 1..N (default: ${DEFAULT-VALUE}).")
        int seeds;

        @Option(names = "--noise", defaultValue = "0.1", paramLabel = "P",
                description = "Judge flip probability (default: ${DEFAULT-VALUE}).")
        double noise;

        @Option(names = "--cases", defaultValue = "200", description = "Cases per dataset (default: ${DEFAULT-VALUE}).")
        int cases;

        @Option(names = "--json", description = "Print one row per method and seed as JSON.")
        boolean json;

        @Override
        public Integer call() {
            List<BenchRow> rows;
            long start = System.nanoTime();
            try {
                rows = SearchBench.run(world, budget.toBudget(), seeds, noise, cases);
            } catch (IllegalArgumentException e) {
                throw UserError.badInput(e.getMessage());
            }
            if (json) {
                System.out.println(Json.write(rows));
            } else {
                System.out.printf(Locale.ROOT, "world %s, budget %s%s, %d seeds, judge flip %.2f, %d cases%n",
                        world, budget.toBudget(), budget.passes == null ? "" : String.format(Locale.ROOT,
                                " (median $%.2f)", BenchTable.median(rows, BenchRow::budgetUsd)),
                        seeds, noise, cases);
                System.out.print(BenchTable.render(rows));
                System.out.printf("wall time %.1f s%n", (System.nanoTime() - start) / 1e9);
            }
            return 0;
        }
    }
}
