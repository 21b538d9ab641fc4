package io.alp.app.cli;

import io.alp.app.UserError;
import io.alp.app.console.ConsoleBench;
import io.alp.app.console.ConsoleServer;
import io.alp.app.console.ConsoleSettings;
import io.alp.app.console.LazyNode;
import io.alp.app.console.NodeSessionControl;
import io.alp.app.output.Progress;
import io.alp.app.session.SessionConfig;
import io.alp.app.session.SessionRunner;
import io.alp.cluster.JournalAccess;
import io.alp.cluster.NodeSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;

@Command(name = "console", mixinStandardHelpOptions = true,
        description = {"Time the live console on loopback: a large session's page, tree and node (server time from "
                + "Server-Timing, and as the client saw it), and how much open event streams slow a running session.",
                "Sessions run on the SIMULATED world."})
public final class ConsoleBenchCommand implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "DIR", description = "Embedded database to use (default: a new "
            + "temporary directory).")
    Path data;

    @Option(names = "--session", paramLabel = "ID", description = "Time this session instead of generating one.")
    String session;

    @Option(names = "--nodes", defaultValue = "1000", description = "Nodes of the generated session (default: "
            + "${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--repeat", defaultValue = "20", description = "Timed requests of each kind after the first "
            + "(default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--streams", defaultValue = "50", description = "Event streams open on the running session "
            + "(default: ${DEFAULT-VALUE}).")
    int streams;

    @Option(names = "--live-nodes", defaultValue = "150", description = "Nodes of each running session timed with "
            + "and without streams (default: ${DEFAULT-VALUE}).")
    int liveNodes;

    @Option(names = "--pairs", defaultValue = "3", description = "Runs without and with streams (default: "
            + "${DEFAULT-VALUE}).")
    int pairs;

    @Override
    public Integer call() throws Exception {
        if (nodes < 2 || repeat < 1 || streams < 1 || liveNodes < 2 || pairs < 1) {
            throw UserError.badInput("--nodes and --live-nodes must be at least 2, --repeat, --streams and --pairs "
                    + "at least 1");
        }
        Path dir = data != null ? data : Files.createTempDirectory("alp-console-bench");
        NodeSettings settings = NodeSettings.embedded(dir);
        String id = session != null ? session : generate(settings, dir);
        String token = UUID.randomUUID().toString();
        try (JournalAccess access = JournalAccess.open(settings); LazyNode node = new LazyNode(settings)) {
            ConsoleServer server = ConsoleServer.start(access.system(), access.reader(),
                    new NodeSessionControl(settings, node, System.err, false), new ConsoleSettings("127.0.0.1", 0, token),
                    dir);
            try {
                ConsoleBench bench = new ConsoleBench(server.url(), token);
                var summary = access.reader().session(id, Long.MAX_VALUE).toCompletableFuture().join()
                        .orElseThrow(() -> Journal.unknown(id)).summary();
                String frontierNode = summary.frontier().isEmpty() ? "n0" : summary.frontier().get(0).node();
                System.out.printf(Locale.ROOT, "console on %s; session %s: %d nodes, %d scored (SIMULATED world)%n%n",
                        server.url(), id, summary.nodes(), summary.scored());
                printTimings(bench.time(id, frontierNode, repeat));
                printStreams(bench);
            } finally {
                server.close();
            }
        }
        return 0;
    }

    private String generate(NodeSettings settings, Path dir) {
        System.err.printf("generating a %d-node session on the simulated world in %s ...%n", nodes, dir);
        var setup = SessionConfig.parse(Path.of("bench.yaml"), sessionYaml("console-bench-" + nodes, nodes, 50),
                dir);
        return SessionRunner.start(settings, setup.spec(), null, Progress.forConsole(System.err)).id();
    }

    private static String sessionYaml(String id, int maxNodes, int cases) {
        return "id: " + id + "\nname: console bench\nworld: terminal\nseed: 11\ndataset:\n  size: " + cases
                + "\noptimizer:\n  budgetUsd: 1000000\n  branching: 3\n  parallelRounds: 4\n  stallRounds: 100000\n"
                + "  maxNodes: " + maxNodes + "\n";
    }

    private static void printTimings(List<ConsoleBench.Timing> timings) {
        System.out.printf(Locale.ROOT, "%-36s %12s %12s %8s %11s %9s %9s %11s %10s%n", "request", "first srv ms",
                "first cli ms", "repeats", "srv med ms", "srv p95", "srv max", "cli med ms", "bytes");
        for (ConsoleBench.Timing t : timings) {
            System.out.printf(Locale.ROOT, "%-36s %12.1f %12.1f %8d %11.1f %9.1f %9.1f %11.1f %,10d%n", t.request(),
                    t.firstServerMs(), t.firstClientMs(), t.repeated(), t.serverMedianMs(), t.serverP95Ms(),
                    t.serverMaxMs(), t.clientMedianMs(), t.bytes());
        }
        System.out.println("first: the first request after the console started, which reads the session's whole "
                + "journal in a JVM that just started; later requests (each more than the console's freshness "
                + "period apart) read only what was journaled since. Server ms: the answer's Server-Timing; the "
                + "session page is a static file whose data are the first two requests.");
    }

    private void printStreams(ConsoleBench bench) throws Exception {
        System.out.printf(Locale.ROOT, "%nrunning sessions of %d nodes (simulated world, seed 11), run in the "
                + "console's process, without and with %d open event streams:%n", liveNodes, streams);
        System.out.printf(Locale.ROOT, "%-5s %-8s %-28s %9s %6s %16s %12s %12s%n", "pair", "streams", "session",
                "seconds", "nodes", "events received", "console cpu", "watcher cpu");
        String tag = Long.toString(System.currentTimeMillis() % 100000);
        // not counted: the first session started through the console starts its node, and the JIT warms up
        bench.run("console-bench-warmup-" + tag, sessionYaml("console-bench-warmup-" + tag, liveNodes, 30), streams);
        List<Double> without = new ArrayList<>();
        List<Double> with = new ArrayList<>();
        List<Double> cpuWithout = new ArrayList<>();
        List<Double> cpuWith = new ArrayList<>();
        for (int pair = 1; pair <= pairs; pair++) {
            // alternate which goes first, so warm-up and drift do not favour one side
            int[] order = pair % 2 == 1 ? new int[]{0, streams} : new int[]{streams, 0};
            for (int n : order) {
                String id = "console-bench-live-" + tag + "-" + pair + "-" + n;
                ConsoleBench.StreamRun run = bench.run(id, sessionYaml(id, liveNodes, 30), n);
                (n == 0 ? without : with).add(run.seconds());
                (n == 0 ? cpuWithout : cpuWith).add(run.consoleCpuSeconds());
                System.out.printf(Locale.ROOT, "%-5d %-8d %-28s %9.2f %6d %16d %11.2fs %11.2fs%n", pair, n, id,
                        run.seconds(), run.nodes(), run.eventsReceived(), run.consoleCpuSeconds(),
                        run.watcherCpuSeconds());
            }
        }
        double a = median(without);
        double b = median(with);
        System.out.printf(Locale.ROOT, "median seconds: %.2f without streams, %.2f with %d: %+.1f%%%n", a, b,
                streams, 100 * (b / a - 1));
        double c = median(cpuWithout);
        double d = median(cpuWith);
        System.out.printf(Locale.ROOT, "median CPU of the console's process (the session and the console): %.2f s "
                + "without streams, %.2f s with %d: %+.1f%%%n", c, d, streams, 100 * (d / c - 1));
        System.out.println("(the watchers run in a process of their own on this machine, as browsers would; "
                + "wall time also counts their CPU and whatever else the machine runs)");
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
