package io.alp.app.cluster;

import io.alp.actors.node.NodeEvent;
import io.alp.actors.session.SessionActor;
import io.alp.actors.session.SessionSpec;
import io.alp.app.session.SessionRunner;
import io.alp.cluster.NodeSettings;
import io.alp.engine.model.WorldSpec;
import io.alp.engine.search.OptimizerConfig;
import io.alp.engine.search.SearchConfig;
import io.alp.sim.SimWorlds;
import io.alp.sim.SimulationConfig;
import org.apache.pekko.persistence.typed.PersistenceId;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * Evaluation throughput of a cluster of {@code alp node} processes on this machine, on the simulated world with a
 * fixed evaluation latency: starts the nodes on a fresh PostgreSQL schema, keeps them busy with long sessions,
 * and counts the case evaluations the journal recorded per second in a measurement window. Optionally kills one
 * node with SIGKILL during the window and measures, for each session that was running, how long it went without
 * journaling anything after the kill.
 */
public final class ClusterBench {

    /** What to run. {@code killAfter} null: no node is killed. */
    public record Plan(int nodes, int sessions, long latencyMs, int inFlightPerNode, Duration warmup,
                       Duration window, Duration killAfter) {
    }

    /**
     * One run: evaluations per second over the window; after a kill, how many sessions fell silent for more than
     * five seconds (they lived on the killed node) and the median and longest silence among them.
     */
    public record Result(int nodes, int sessions, long latencyMs, int inFlightPerNode, double seconds,
                         long evaluations, double evaluationsPerSecond, Double killedAtSecond,
                         Double medianSilenceSeconds, Double maxSilenceSeconds, int sessionsAffected) {
    }

    /** A session silent this long after the kill lived on the killed node; the others go on within seconds. */
    private static final double AFFECTED_SECONDS = 5.0;

    private static final String EVALUATIONS = "select count(*) from event_journal where event_ser_manifest like '%"
            + NodeEvent.CaseRecorded.class.getSimpleName() + "' and write_timestamp >= ? and write_timestamp < ?";

    private final String baseUrl;
    private final String user;
    private final String password;
    private final String passwordEnv;
    private final Path logDir;

    /** @param passwordEnv the name of the environment variable the nodes read the password from, or null */
    public ClusterBench(NodeSettings database, String passwordEnv, Path logDir) {
        this.baseUrl = database.dbUrl();
        this.user = database.dbUser();
        this.password = database.dbPassword();
        this.passwordEnv = passwordEnv;
        this.logDir = logDir;
    }

    public Result run(Plan plan) throws Exception {
        String schema = "alp_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String url = baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        try (Connection c = DriverManager.getConnection(baseUrl, user, password); Statement s = c.createStatement()) {
            s.execute("create schema " + schema);
        }
        List<String> db = new ArrayList<>(List.of("--db-url", url, "--db-user", user));
        if (passwordEnv != null) {
            db.addAll(List.of("--db-password-env", passwordEnv));
        }
        int workers = Math.min(plan.inFlightPerNode(), 10);
        List<String> nodeArgs = List.of("--workers", Integer.toString(workers), "--slots-per-worker",
                Integer.toString(Math.max(1, plan.inFlightPerNode() / workers)));
        // evaluations are counted as journal rows, so each answer is journaled on its own row here
        try (NodeProcesses nodes = new NodeProcesses(logDir, db, List.of("-Xmx768m",
                "-Dalp.evaluators.record-batch-window=0ms"))) {
            nodes.awaitReady(nodes.start("bench-node-1", nodeArgs), Duration.ofSeconds(90));
            for (int i = 2; i <= plan.nodes(); i++) {
                nodes.start("bench-node-" + i, nodeArgs);
            }
            for (NodeProcesses.Node n : nodes.nodes()) {
                nodes.awaitReady(n, Duration.ofSeconds(90));
            }
            List<String> ids = submit(plan, NodeSettings.database(url, user, password).client("127.0.0.1",
                    NodeSettings.seedAddresses(nodes.seeds())));
            Thread.sleep(plan.warmup().toMillis());
            long start = System.currentTimeMillis();
            Long killedAt = null;
            if (plan.killAfter() != null) {
                Thread.sleep(plan.killAfter().toMillis());
                killedAt = System.currentTimeMillis();
                nodes.kill(nodes.nodes().get(plan.nodes() - 1));
                Thread.sleep(Math.max(0, plan.window().toMillis() - plan.killAfter().toMillis()));
            } else {
                Thread.sleep(plan.window().toMillis());
            }
            long end = System.currentTimeMillis();
            try (Connection c = DriverManager.getConnection(url, user, password)) {
                long evaluations = count(c, start, end);
                double seconds = (end - start) / 1000.0;
                List<Double> affected = killedAt == null ? List.of() : silences(c, ids, killedAt, end).stream()
                        .filter(x -> x > AFFECTED_SECONDS).toList();
                return new Result(plan.nodes(), plan.sessions(), plan.latencyMs(), plan.inFlightPerNode(), seconds,
                        evaluations, evaluations / seconds, killedAt == null ? null : (killedAt - start) / 1000.0,
                        affected.isEmpty() ? null : affected.get(affected.size() / 2),
                        affected.isEmpty() ? null : affected.get(affected.size() - 1), affected.size());
            }
        } finally {
            try (Connection c = DriverManager.getConnection(baseUrl, user, password);
                 Statement s = c.createStatement()) {
                s.execute("drop schema if exists " + schema + " cascade");
            }
        }
    }

    /** Sessions big enough to outlast the window: support world, 200 cases, every child on every case. */
    private static List<String> submit(Plan plan, NodeSettings client) {
        List<SessionRunner.Submission> submissions = new ArrayList<>();
        for (int i = 0; i < plan.sessions(); i++) {
            WorldSpec world = SimWorlds.ref("support", SimulationConfig.session(i + 1).withJudgeSamples(1)
                    .withLatencyMs(plan.latencyMs()));
            var optimizer = new OptimizerConfig(new SearchConfig(4, 4, 1000, 10_000, 3, true, false), 1_000_000);
            submissions.add(new SessionRunner.Submission(new SessionSpec("bench-" + i, "cluster bench " + i, world,
                    200, i + 1, optimizer), null));
        }
        SessionRunner.startDetached(client, submissions);
        return submissions.stream().map(s -> s.spec().id()).toList();
    }

    private static long count(Connection c, long from, long to) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(EVALUATIONS)) {
            s.setLong(1, from);
            s.setLong(2, to);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * For every session that journaled in the ten seconds before the kill: seconds from the kill to its next session
     * event (the window's end when none came), sorted. Only the session's own journal counts: its tree nodes on
     * other cluster nodes go on recording outcomes while the session itself waits to be restarted.
     */
    private static List<Double> silences(Connection c, List<String> ids, long killedAt, long end) throws SQLException {
        List<Double> silences = new ArrayList<>();
        String sql = "select max(case when write_timestamp < ? then write_timestamp end),"
                + " min(case when write_timestamp >= ? then write_timestamp end) from event_journal"
                + " where persistence_id = ?";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (String id : ids) {
                s.setLong(1, killedAt);
                s.setLong(2, killedAt);
                s.setString(3, PersistenceId.of(SessionActor.TYPE_KEY.name(), id).id());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    long before = rs.getLong(1);
                    if (rs.wasNull() || before < killedAt - 10_000) {
                        continue;
                    }
                    long after = rs.getLong(2);
                    silences.add(((rs.wasNull() ? end : after) - killedAt) / 1000.0);
                }
            }
        }
        Collections.sort(silences);
        return silences;
    }
}
