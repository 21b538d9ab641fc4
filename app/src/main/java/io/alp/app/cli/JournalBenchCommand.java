package io.alp.app.cli;

import io.alp.actors.session.SessionSpec;
import io.alp.app.UserError;
import io.alp.app.journal.JournalBench;
import io.alp.app.session.SessionConfig;
import io.alp.cluster.NodeSettings;
import io.alp.sim.SimWorlds;
import io.alp.sim.SimulationConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(name = "journal", mixinStandardHelpOptions = true,
        description = {"Measure what sessions leave in their store: the default demo's size at every moment (sampled "
                + "every 100 ms) and per recorded case outcome, a 300-case session run for a while, and how long a "
                + "large session takes to recover from its journal.",
                "Each scenario runs on a store of its own: a new embedded data directory, or a new schema of the "
                + "PostgreSQL database at --db-url. Sessions run on the SIMULATED world."})
public final class JournalBenchCommand implements Callable<Integer> {

    @Option(names = "--db-url", paramLabel = "URL", description = "PostgreSQL to measure instead of the embedded "
            + "H2, e.g. jdbc:postgresql://127.0.0.1:5432/test (each scenario makes a schema of its own and drops it).")
    String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER", defaultValue = "postgres",
            description = "Database user with --db-url (default: ${DEFAULT-VALUE}).")
    String dbUser;

    @Option(names = "--db-password-env", paramLabel = "VAR",
            description = "The environment variable that holds the database password (with --db-url).")
    String dbPasswordEnv;

    @Option(names = "--scenarios", split = ",", defaultValue = "demo,long,recovery",
            description = "Which to run: demo, long, recovery (default: ${DEFAULT-VALUE}).")
    List<String> scenarios;

    @Option(names = "--long-seconds", defaultValue = "60", description = "How long the 300-case session runs "
            + "(default: ${DEFAULT-VALUE}).")
    int longSeconds;

    @Option(names = "--world", defaultValue = "terminal", description = "Bundled simulated world of the long and "
            + "recovery sessions (default: ${DEFAULT-VALUE}; the demo runs on terminal).")
    String world;

    @Option(names = "--recovery-nodes", defaultValue = "1000", description = "Nodes of the session whose recovery "
            + "is timed (default: ${DEFAULT-VALUE}).")
    int recoveryNodes;

    @Override
    public Integer call() throws Exception {
        for (String s : scenarios) {
            if (!List.of("demo", "long", "recovery").contains(s)) {
                throw UserError.badInput("--scenarios: unknown scenario '" + s + "' (demo, long, recovery)");
            }
        }
        if (dbUrl != null && (!dbUrl.startsWith("jdbc:postgresql:") || dbUrl.contains("currentSchema="))) {
            throw UserError.badInput("--db-url: give a PostgreSQL URL without currentSchema (each scenario makes a "
                    + "schema of its own): " + NodeSettings.database(dbUrl, dbUser, "").shownDbUrl());
        }
        if (!List.of("terminal", "support", "analyst").contains(world)) {
            throw UserError.badInput("--world: unknown bundled world '" + world + "' (terminal, support, analyst)");
        }
        if (longSeconds < 1 || recoveryNodes < 2) {
            throw UserError.badInput("--long-seconds must be at least 1 and --recovery-nodes at least 2");
        }
        List<JournalBench.Row> rows = new ArrayList<>();
        for (String scenario : scenarios) {
            Store store = store(scenario);
            try {
                System.err.printf("%s on %s ...%n", scenario, store.settings().shownDbUrl());
                rows.add(switch (scenario) {
                    case "demo" -> JournalBench.run("demo", store.settings(), store.dir(), demo(),
                            Duration.ofHours(1));
                    case "long" -> JournalBench.run("300 cases, " + longSeconds + " s", store.settings(), store.dir(),
                            session(store.dir(), "journal-bench-long", 300, 1_000_000),
                            Duration.ofSeconds(longSeconds));
                    default -> JournalBench.recovery(store.settings(), store.dir(),
                            session(store.dir(), "journal-bench-recovery", 50, recoveryNodes));
                });
            } finally {
                store.drop();
            }
        }
        print(rows);
        return 0;
    }

    /** The default {@code alp demo}: terminal world, 100 cases, $3000, seed 3. */
    private static SessionSpec demo() {
        var ref = SimWorlds.ref("terminal", SimulationConfig.session(3));
        return Specs.of("journal-bench-demo", "demo on terminal", ref, 100, 3, 3000);
    }

    /** A session that grows to {@code maxNodes} nodes (or runs until stopped) on the terminal world. */
    private SessionSpec session(Path dir, String id, int cases, int maxNodes) {
        String yaml = "id: " + id + "\nname: journal bench\nworld: " + world + "\nseed: 11\ndataset:\n  size: " + cases
                + "\noptimizer:\n  budgetUsd: 1000000\n  branching: 3\n  parallelRounds: 4\n  stallRounds: 100000\n"
                + "  maxNodes: " + maxNodes + "\n  maxExpansionsPerNode: 100\n";
        return SessionConfig.parse(Path.of("journal-bench.yaml"), yaml, dir).spec();
    }

    private record Store(NodeSettings settings, Path dir, String schema, String adminUrl, String user,
                         String password) {
        /** Removes the scenario's store: its data directory, and its schema on PostgreSQL. */
        void drop() throws Exception {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
            if (schema == null) {
                return;
            }
            try (Connection c = DriverManager.getConnection(adminUrl, user, password);
                 Statement s = c.createStatement()) {
                s.execute("drop schema if exists " + schema + " cascade");
            }
        }
    }

    private Store store(String scenario) throws Exception {
        Path dir = Files.createTempDirectory("alp-journal-bench-" + scenario);
        if (dbUrl == null) {
            return new Store(NodeSettings.embedded(dir), dir, null, null, null, null);
        }
        String password = dbPasswordEnv == null ? "" : System.getenv(dbPasswordEnv);
        if (password == null) {
            throw UserError.badInput("--db-password-env: the variable " + dbPasswordEnv + " is not set");
        }
        String schema = "alp_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String url = dbUrl + (dbUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new Store(NodeSettings.database(url, dbUser, password), dir, schema, dbUrl, dbUser, password);
    }

    private static void print(List<JournalBench.Row> rows) {
        System.out.printf(Locale.ROOT, "%-18s %-14s %8s %6s %9s %9s %9s %8s %13s %13s %10s%n", "scenario", "store",
                "seconds", "nodes", "outcomes", "peak MB", "final MB", "rows", "store B/case", "journal B/case",
                "recovery s");
        for (JournalBench.Row r : rows) {
            System.out.printf(Locale.ROOT, "%-18s %-14s %8.1f %6d %9d %9.1f %9.1f %8d %13.0f %13.0f %10s%n",
                    r.scenario(), r.store(), r.seconds(), r.nodes(), r.outcomes(), r.peakBytes() / 1e6,
                    r.finalBytes() / 1e6, r.journalRows(), r.storeBytesPerOutcome(), r.payloadBytesPerOutcome(),
                    Double.isNaN(r.recoverySeconds()) ? "-" : String.format(Locale.ROOT, "%.2f",
                            r.recoverySeconds()));
        }
        System.out.println("peak/final MB: the store (data directory, or the schema's tables with indexes) at its "
                + "largest while the session ran (sampled every 100 ms) and once closed. store B/case: the final store "
                + "per recorded case outcome, everything counted; journal B/case: the journal rows' payloads per "
                + "outcome, the agents' output text left out. recovery s: a new node's session recovering from its "
                + "journal until it answers.");
    }
}
