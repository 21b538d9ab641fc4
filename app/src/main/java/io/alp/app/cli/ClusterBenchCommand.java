package io.alp.app.cli;

import io.alp.app.UserError;
import io.alp.app.cluster.ClusterBench;
import io.alp.app.output.Json;
import io.alp.cluster.NodeSettings;
import io.alp.sim.SimulationConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Case evaluations per second of a cluster of alp node processes on this machine (SIMULATED "
                + "world, fixed evaluation latency), on a fresh schema of the given PostgreSQL database; with "
                + "--kill-after, how long sessions stall when a node dies.")
public final class ClusterBenchCommand implements Callable<Integer> {

    @Mixin
    DbUrlOptions db;

    @Option(names = "--nodes", split = ",", defaultValue = "1,3", description = "Cluster sizes to run "
            + "(default: ${DEFAULT-VALUE}).")
    List<Integer> nodes;

    @Option(names = "--sessions", defaultValue = "12", description = "Concurrent sessions (default: ${DEFAULT-VALUE}).")
    int sessions;

    @Option(names = "--latency-ms", defaultValue = "200", description = "Latency of one simulated evaluation "
            + "(default: ${DEFAULT-VALUE}).")
    long latencyMs;

    @Option(names = "--in-flight", defaultValue = "1000", description = "Evaluations in flight per node "
            + "(default: ${DEFAULT-VALUE}).")
    int inFlight;

    @Option(names = "--warmup", defaultValue = "20", description = "Seconds before measuring (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--seconds", defaultValue = "60", description = "Measurement window (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--kill-after", paramLabel = "SECONDS", description = "Kill the last node with SIGKILL this long "
            + "into the window (clusters of 2 nodes or more).")
    Integer killAfter;

    @Option(names = "--json", description = "Print one row per cluster size as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        NodeSettings database = db.settings();
        if (!database.postgres()) {
            throw UserError.badInput("alp bench cluster needs --db-url jdbc:postgresql://...: the nodes share it");
        }
        if (killAfter != null && (killAfter <= 0 || killAfter >= seconds)) {
            throw UserError.badInput("--kill-after must be inside the window (0 < SECONDS < --seconds)");
        }
        try {
            SimulationConfig.session(1).withLatencyMs(latencyMs);
        } catch (IllegalArgumentException e) {
            throw UserError.badInput("--latency-ms: " + e.getMessage());
        }
        Path logs = Files.createTempDirectory("alp-bench-cluster");
        ClusterBench bench = new ClusterBench(database, db.passwordEnv, logs);
        List<ClusterBench.Result> results = new ArrayList<>();
        if (!json) {
            System.out.printf(Locale.ROOT, "%-6s %9s %11s %10s %9s %12s %14s %10s %12s %10s%n", "nodes", "sessions",
                    "latency ms", "in flight", "seconds", "evaluations", "evaluations/s", "killed at",
                    "stalled", "longest");
        }
        for (int n : nodes) {
            Duration kill = killAfter != null && n > 1 ? Duration.ofSeconds(killAfter) : null;
            ClusterBench.Result r = bench.run(new ClusterBench.Plan(n, sessions, latencyMs, inFlight,
                    Duration.ofSeconds(warmup), Duration.ofSeconds(seconds), kill));
            results.add(r);
            if (!json) {
                System.out.printf(Locale.ROOT, "%-6d %9d %11d %10d %9.1f %,12d %,14.0f %10s %12s %10s%n", r.nodes(),
                        r.sessions(), r.latencyMs(), r.inFlightPerNode(), r.seconds(), r.evaluations(),
                        r.evaluationsPerSecond(), r.killedAtSecond() == null ? "-" : r.killedAtSecond() + " s",
                        r.killedAtSecond() == null ? "-" : r.sessionsAffected() + " sessions",
                        r.maxSilenceSeconds() == null ? "-" : String.format(Locale.ROOT, "%.1f s",
                                r.maxSilenceSeconds()));
            }
        }
        if (json) {
            System.out.println(Json.write(results));
        } else {
            System.out.println("node logs: " + logs);
        }
        return 0;
    }
}
