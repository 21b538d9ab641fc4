package io.alp.app.journal;

import io.alp.actors.node.NodeEvent;
import io.alp.actors.query.JournalReader;
import io.alp.actors.session.SessionActor;
import io.alp.actors.session.SessionSpec;
import io.alp.app.session.SessionRunner;
import io.alp.cluster.AlpNode;
import io.alp.cluster.JournalAccess;
import io.alp.cluster.NodeSettings;
import io.alp.engine.report.SessionSummary;
import io.alp.engine.tree.TreeNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Measures what sessions leave in their store: a session runs on a node of its own while the store's size is
 * sampled every 100 ms; then the journal is read back to count the case outcomes it recorded and the agent output
 * text they hold. The recovery measure restarts a node on a finished session's journal and times how long the
 * session takes to recover and answer.
 */
public final class JournalBench {

    /**
     * One measured run.
     *
     * @param outputBytes the agents' output text inside the recorded outcomes (UTF-8)
     * @param recoverySeconds how long the session took to recover from its journal and answer, or NaN
     */
    public record Row(String scenario, String store, double seconds, int nodes, long outcomes, long peakBytes,
                      long finalBytes, long journalRows, long payloadBytes, long outputBytes, double recoverySeconds) {

        /** Store bytes per recorded outcome, everything counted (a store may compress the output text). */
        public double storeBytesPerOutcome() {
            return outcomes == 0 ? Double.NaN : (double) finalBytes / outcomes;
        }

        /** Journal payload bytes per recorded outcome, the agents' output text left out. */
        public double payloadBytesPerOutcome() {
            return outcomes == 0 ? Double.NaN : (double) (payloadBytes - outputBytes) / outcomes;
        }
    }

    private static final Duration POLL = Duration.ofMillis(250);

    private JournalBench() {
    }

    /**
     * Runs {@code spec} on a fresh node of {@code settings} until it finishes or {@code limit} has passed (then it
     * is stopped), sampling the store (the data directory {@code dataDir} when embedded).
     */
    public static Row run(String scenario, NodeSettings settings, Path dataDir, SessionSpec spec, Duration limit)
            throws Exception {
        try (StoreSize size = StoreSize.start(settings, dataDir, 100)) {
            long start = System.nanoTime();
            SessionSummary summary;
            try (AlpNode node = AlpNode.start(settings, SessionRunner.WORLDS)) {
                SessionRunner.startOn(node, new SessionRunner.Submission(spec, null));
                summary = untilFinished(node, spec.id(), start + limit.toNanos());
                if (SessionSummary.RUNNING.equals(summary.status())) {
                    summary = SessionRunner.stopOn(node, spec.id()).summary();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            size.close();
            System.err.printf("  %s: %d nodes, %s; store MB every 10 s: %s%n", spec.id(), summary.nodes(),
                    summary.stopDetail(), size.every10s().stream().map(b -> String.format("%.1f", b / 1e6)).toList());
            return measured(scenario, settings, dataDir, summary.nodes(), seconds, size, spec.id(), Double.NaN);
        }
    }

    /**
     * Runs {@code spec} to its end, then starts a new node on the same store and times how long the session takes
     * to recover from its journal and answer (a finished session replays its whole journal to do so).
     */
    public static Row recovery(NodeSettings settings, Path dataDir, SessionSpec spec) throws Exception {
        Row run = run("recovery", settings, dataDir, spec, Duration.ofHours(1));
        try (AlpNode node = AlpNode.start(settings, SessionRunner.WORLDS)) {
            node.awaitUp(Duration.ofSeconds(30));
            long start = System.nanoTime();
            SessionSummary recovered = SessionActor.ref(node.system(), spec.id())
                    .askWithStatus(SessionActor.Resume::new, Duration.ofMinutes(5))
                    .toCompletableFuture().join();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (recovered.nodes() != run.nodes()) {
                throw new IllegalStateException("the recovered session has " + recovered.nodes() + " nodes, the run "
                        + "left " + run.nodes());
            }
            return new Row(run.scenario(), run.store(), run.seconds(), run.nodes(), run.outcomes(), run.peakBytes(),
                    run.finalBytes(), run.journalRows(), run.payloadBytes(), run.outputBytes(), seconds);
        }
    }

    private static SessionSummary untilFinished(AlpNode node, String id, long deadlineNanos)
            throws InterruptedException {
        var ref = SessionActor.ref(node.system(), id);
        while (true) {
            SessionSummary s = ref.askWithStatus(SessionActor.GetSummary::new, AlpNode.askTimeout())
                    .toCompletableFuture().join();
            if (!SessionSummary.RUNNING.equals(s.status()) || System.nanoTime() > deadlineNanos) {
                return s;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private static Row measured(String scenario, NodeSettings settings, Path dataDir, int nodes, double seconds,
                                StoreSize size, String sessionId, double recovery) throws Exception {
        long[] journal = journal(settings);
        long[] outcomes;
        try (JournalAccess access = JournalAccess.open(settings)) {
            outcomes = outcomes(access.reader(), sessionId);
        }
        // the embedded file once every process has closed it (H2 compacts it as it closes)
        long finalBytes = settings.postgres() ? size.finalBytes() : StoreSize.directoryBytes(dataDir);
        return new Row(scenario, settings.postgres() ? "postgresql" : "h2 (embedded)", seconds, nodes, outcomes[0],
                size.peak(), finalBytes, journal[0], journal[1], outcomes[1], recovery);
    }

    /** Rows and payload bytes of the event journal. */
    private static long[] journal(NodeSettings settings) throws SQLException {
        try (Connection c = DriverManager.getConnection(settings.dbUrl(), settings.dbUser(), settings.dbPassword());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*), coalesce(sum(octet_length(event_payload)), 0)"
                     + " from event_journal")) {
            rs.next();
            return new long[]{rs.getLong(1), rs.getLong(2)};
        }
    }

    /** The outcomes the session's nodes recorded, and the bytes of agent output text in them. */
    private static long[] outcomes(JournalReader reader, String sessionId) {
        SessionActor.Active session = reader.session(sessionId, Long.MAX_VALUE).toCompletableFuture().join()
                .orElseThrow(() -> new IllegalStateException("session " + sessionId + " is not in the journal"));
        long count = 0;
        long output = 0;
        for (TreeNode n : session.search().tree().nodes()) {
            CompletableFuture<List<NodeEvent>> events =
                    reader.nodeEvents(sessionId, n.id()).toCompletableFuture();
            for (NodeEvent.CaseRecorded r : NodeEvent.recordedCases(events.join())) {
                count++;
                String text = r.outcome().output();
                output += text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return new long[]{count, output};
    }
}
