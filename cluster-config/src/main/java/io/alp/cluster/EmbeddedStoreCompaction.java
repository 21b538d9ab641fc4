package io.alp.cluster;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the embedded H2 file bounded while a node runs.
 *
 * <p>Every journal write is committed to the file on its own (WRITE_DELAY=0, so that a SIGKILL loses nothing that
 * was acknowledged), and in that mode H2 runs none of its background housekeeping: the pages a commit supersedes
 * stay in chunks that still hold a few live pages, so the file grows by tens of KB per commit whatever was written,
 * and chunks with nothing live are reused only after 45 s. This does that housekeeping on a schedule: it rewrites
 * the live pages of sparse chunks into new ones ({@link MVStore#compact}) and lets emptied chunks be reused after
 * {@code retention} instead. Both are H2's own operations, run under its store lock like its background writer's.
 *
 * <p>Reusing space sooner puts commits into the middle of the file, where H2's quick recovery after a kill may not
 * find them; {@link EmbeddedH2Recovery} has H2 scan the whole file instead, so a killed process loses none of them.
 * H2's 45 s retention is there for a crash of the machine, which may lose writes the disk had not yet stored.
 *
 * <p>It works on the database this process opened itself (the H2 engine runs in this JVM); a process that reaches
 * the file through another process's AUTO_SERVER leaves the housekeeping to that one.
 */
final class EmbeddedStoreCompaction implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedStoreCompaction.class);
    /** Chunks less full than this are rewritten. */
    private static final int TARGET_FILL_RATE = 80;
    /** At most this much is rewritten per round. */
    private static final int WRITE_LIMIT_BYTES = 16 << 20;

    private final Connection connection;
    private final ScheduledExecutorService scheduler;

    private EmbeddedStoreCompaction(Connection connection, ScheduledExecutorService scheduler) {
        this.connection = connection;
        this.scheduler = scheduler;
    }

    /** Starts compacting every {@code every}; empty when {@code every} is zero or another process has the file. */
    static Optional<EmbeddedStoreCompaction> start(NodeSettings settings, Duration every, Duration retention) {
        if (settings.postgres() || every.isZero()) {
            return Optional.empty();
        }
        Connection c = null;
        try {
            c = JournalSchema.connect(settings);
            MVStore store = c.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal local
                    ? local.getDatabase().getStore().getMvStore() : null;
            if (store == null) {
                log.info("the embedded database {} is open in another process; it keeps the file compact",
                        settings.shownDbUrl());
                c.close();
                return Optional.empty();
            }
            store.setRetentionTime((int) retention.toMillis());
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "alp-h2-compaction");
                t.setDaemon(true);
                return t;
            });
            scheduler.scheduleWithFixedDelay(() -> compact(store), every.toMillis(), every.toMillis(),
                    TimeUnit.MILLISECONDS);
            return Optional.of(new EmbeddedStoreCompaction(c, scheduler));
        } catch (SQLException | RuntimeException e) {
            log.warn("cannot compact the embedded database {} while it runs: {}", settings.shownDbUrl(),
                    JournalSchema.reason(e));
            closeQuietly(c);
            return Optional.empty();
        }
    }

    private static void compact(MVStore store) {
        try {
            if (!store.isClosed()) {
                store.compact(TARGET_FILL_RATE, WRITE_LIMIT_BYTES);
            }
        } catch (RuntimeException e) {
            // the store closes when the node stops; any other failure only means this round did nothing
            if (!store.isClosed()) {
                log.debug("compacting the embedded database failed this round: {}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing a connection to a database that is going away
            }
        }
    }
}
