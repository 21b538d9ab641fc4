package io.alp.app.cli;

import io.alp.app.UserError;
import io.alp.app.output.Json;
import io.alp.traffic.bench.CollectBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "collect", mixinStandardHelpOptions = true,
        description = "Time the OTLP/HTTP receiver of alp collect on loopback: generated agent traces posted as "
                + "protobuf by several clients at once, spans per second acknowledged, and the store read back to "
                + "count any span lost.")
public final class CollectBenchCommand implements Callable<Integer> {

    @Option(names = "--spans", defaultValue = "200000", description = "Spans to send (default: ${DEFAULT-VALUE}).")
    long spans;

    @Option(names = "--clients", defaultValue = "4", description = "Sending threads (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--threads", defaultValue = "4", description = "Receiver threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--runs", defaultValue = "2", description = "Runs (default: ${DEFAULT-VALUE}; the first "
            + "includes JIT warm-up).")
    int runs;

    @Option(names = "--json", description = "Print one row per run as JSON.")
    boolean json;

    /** One run as {@code --json} prints it. */
    public record Row(int run, long requests, long spansSent, long spansAcknowledged, long failedRequests,
                      long spansStored, long lost, double seconds, double spansPerSecond) {
    }

    @Override
    public Integer call() throws Exception {
        if (spans < 1 || clients < 1 || threads < 1 || runs < 1) {
            throw UserError.badInput("--spans, --clients, --threads and --runs must be at least 1");
        }
        Path dir = Files.createTempDirectory("alp-collect-bench");
        List<Row> rows = new ArrayList<>();
        try {
            if (!json) {
                System.out.printf(Locale.ROOT, "%-4s %9s %11s %11s %7s %11s %5s %8s %10s%n", "run", "requests",
                        "spans sent", "spans acked", "failed", "stored", "lost", "seconds", "spans/s");
            }
            for (int run = 1; run <= runs; run++) {
                CollectBench.Figures f = CollectBench.run(dir, spans, clients, threads);
                Row r = new Row(run, f.requests(), f.spansSent(), f.spansAcknowledged(), f.failedRequests(),
                        f.spansStored(), f.lost(), f.seconds(), f.spansPerSecond());
                rows.add(r);
                if (!json) {
                    System.out.printf(Locale.ROOT, "%-4d %,9d %,11d %,11d %,7d %,11d %5d %8.2f %,10.0f%n", r.run(),
                            r.requests(), r.spansSent(), r.spansAcknowledged(), r.failedRequests(), r.spansStored(),
                            r.lost(), r.seconds(), r.spansPerSecond());
                }
            }
            if (json) {
                System.out.println(Json.write(rows));
            }
            return rows.stream().allMatch(r -> r.lost() == 0 && r.failedRequests() == 0) ? 0 : 1;
        } finally {
            Files.deleteIfExists(dir);
        }
    }
}
