package io.alp.app.journal;

import io.alp.cluster.NodeSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * How much room a session store takes: the bytes of every file in an embedded data directory, or on PostgreSQL the
 * tables of the current schema with their indexes and TOAST. Sampled on a thread of its own; the peak is kept.
 */
final class StoreSize implements AutoCloseable {

    private static final String POSTGRES_SIZE = "select coalesce(sum(pg_total_relation_size(c.oid)), 0) from pg_class c"
            + " join pg_namespace n on n.oid = c.relnamespace where n.nspname = current_schema() and c.relkind = 'r'";

    private final Path dataDir;
    private final Connection postgres;
    private final AtomicLong peak = new AtomicLong();
    private final long everyMs;
    private volatile boolean running = true;
    private long finalBytes = -1;
    /** The size at the first sample of each 10-second period, to show how it grows over a run. */
    private final List<Long> every10s = new CopyOnWriteArrayList<>();
    private final long startNanos = System.nanoTime();
    private final Thread sampler;

    private StoreSize(Path dataDir, Connection postgres, long everyMs) {
        this.dataDir = dataDir;
        this.postgres = postgres;
        this.everyMs = everyMs;
        this.sampler = new Thread(this::sample, "store-size");
        sampler.setDaemon(true);
    }

    /** Samples {@code dataDir} (embedded) or the database of {@code settings} (PostgreSQL) every {@code everyMs}. */
    static StoreSize start(NodeSettings settings, Path dataDir, long everyMs) throws SQLException {
        Connection c = settings.postgres()
                ? DriverManager.getConnection(settings.dbUrl(), settings.dbUser(), settings.dbPassword()) : null;
        StoreSize size = new StoreSize(dataDir, c, everyMs);
        size.peak.set(size.now());
        size.sampler.start();
        return size;
    }

    long now() {
        return postgres != null ? postgresBytes() : directoryBytes(dataDir);
    }

    long peak() {
        return peak.get();
    }

    /** The size at 0 s, 10 s, 20 s, ... of the run. */
    List<Long> every10s() {
        return List.copyOf(every10s);
    }

    /** The size when sampling stopped ({@link #close}). */
    long finalBytes() {
        return finalBytes;
    }

    private void sample() {
        while (running) {
            try {
                long bytes = now();
                peak.accumulateAndGet(bytes, Math::max);
                if ((System.nanoTime() - startNanos) / 10_000_000_000L >= every10s.size()) {
                    every10s.add(bytes);
                }
                Thread.sleep(everyMs);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // a file that went away between listing and sizing: the next sample counts again
            }
        }
    }

    private long postgresBytes() {
        try (Statement s = postgres.createStatement(); ResultSet rs = s.executeQuery(POSTGRES_SIZE)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot size the PostgreSQL schema: " + e.getMessage(), e);
        }
    }

    static long directoryBytes(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0; // removed while walking
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops sampling and takes the last sample; closing again does nothing. */
    @Override
    public void close() throws SQLException {
        if (!running) {
            return;
        }
        running = false;
        sampler.interrupt();
        try {
            sampler.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        finalBytes = now();
        peak.accumulateAndGet(finalBytes, Math::max);
        if (postgres != null) {
            postgres.close();
        }
    }
}
