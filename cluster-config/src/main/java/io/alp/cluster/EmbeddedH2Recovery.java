package io.alp.cluster;

import org.h2.mvstore.MVStoreException;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Rebuilds the embedded H2 database of a data directory that a killed process left open.
 *
 * <p>H2 (2.x, MVStore) can keep a write that was in flight at a SIGKILL as an uncommitted row that no transaction
 * owns any more: it is invisible, but the next insert of the same key waits for it until the lock timeout, every
 * time. The journal's next event for that entity is such an insert, so a resumed session would wait on that node
 * forever. H2 can also come back with an identity counter behind its rows ({@link H2IdentityCounters}).
 *
 * <p>Before anything else, H2 is made to open the file at the last commit the killed process wrote
 * ({@link H2NewestCommit}): left to itself it may open it at an older one, losing acknowledged events.
 *
 * <p>Copying the committed rows into a new file ({@code SCRIPT}, then {@code RUNSCRIPT}) leaves both behind. This
 * runs only when the database was not closed (its lock file is still there and no process answers at the address it
 * names), and only with H2's own file lock held, so never under a process that still has the database open. The
 * file as the killed process left it (its header pointed at its last commit) is kept beside the new one as
 * {@value #PREVIOUS}.
 */
public final class EmbeddedH2Recovery {

    /** The file as the killed process left it, kept after a rebuild. */
    public static final String PREVIOUS = "alp.unclean.mv.db";

    private static final String NAME = "alp";
    private static final String DATABASE_IN_USE = "90020";
    private static final int CONNECT_TIMEOUT_MS = 1000;

    /** What a rebuild did: the rows copied per table, how long it took, where the old file is. */
    public record Rebuilt(Map<String, Long> rows, long bytes, Duration took, Path previous) {
        public long totalRows() {
            return rows.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private EmbeddedH2Recovery() {
    }

    /** Rebuilds the database in {@code dataDir} if a process that had it open was killed; empty otherwise. */
    public static Optional<Rebuilt> rebuildIfLeftOpen(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        if (!Files.exists(dir.resolve(NAME + ".lock.db")) || !Files.exists(dir.resolve(NAME + ".mv.db"))) {
            return Optional.empty();
        }
        // processes starting at once on the same directory take turns; the second finds the database closed
        try (FileChannel guard = FileChannel.open(dir.resolve(NAME + ".recovery.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
             FileLock ignored = guard.lock()) {
            Path lockFile = dir.resolve(NAME + ".lock.db");
            if (!Files.exists(lockFile) || ownerAnswers(lockFile)) {
                return Optional.empty();
            }
            return rebuild(dir);
        } catch (IOException e) {
            throw new NodeStartException("cannot check whether the database in " + dir + " was closed: " + e, e);
        }
    }

    /** The lock file of a process using AUTO_SERVER names the address it serves the database on. */
    private static boolean ownerAnswers(Path lockFile) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(lockFile)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            return false; // half written by a process killed while opening: H2's own lock decides below
        }
        String server = p.getProperty("server");
        int colon = server == null ? -1 : server.lastIndexOf(':');
        if (colon < 0) {
            return false;
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(server.substring(0, colon),
                    Integer.parseInt(server.substring(colon + 1))), CONNECT_TIMEOUT_MS);
            return true;
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    private static Optional<Rebuilt> rebuild(Path dir) {
        long started = System.nanoTime();
        Path file = dir.resolve(NAME + ".mv.db");
        Path script = dir.resolve(NAME + ".recovery.sql");
        Path previous = dir.resolve(PREVIOUS);
        Map<String, Long> rows;
        long bytes;
        try {
            bytes = Files.size(file);
            H2NewestCommit.restore(file);
            try (Connection old = open(dir)) {
                rows = rowCounts(old);
                try (Statement s = old.createStatement()) {
                    s.execute("SCRIPT TO '" + sqlString(script) + "'");
                }
            }
        } catch (SQLException e) {
            if (DATABASE_IN_USE.equals(e.getSQLState())) {
                return Optional.empty(); // another process has it open after all
            }
            throw new NodeStartException("the database " + file + " was left open by a process that was killed, "
                    + "and could not be read to rebuild it: " + JournalSchema.reason(e), e);
        } catch (MVStoreException e) {
            if (H2NewestCommit.lockedByAnotherProcess(e)) {
                return Optional.empty();
            }
            throw new NodeStartException("the database " + file + " was left open by a process that was killed, "
                    + "and its last commit could not be found: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new NodeStartException("cannot read " + file + ": " + e, e);
        }
        try {
            Files.move(file, previous, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new NodeStartException("cannot move " + file + " aside to rebuild it: " + e, e);
        }
        try (Connection fresh = open(dir)) {
            try (Statement s = fresh.createStatement()) {
                s.execute("RUNSCRIPT FROM '" + sqlString(script) + "'");
            }
            H2IdentityCounters.realign(fresh);
            Map<String, Long> copied = rowCounts(fresh);
            if (!copied.equals(rows)) {
                throw new SQLException("the rebuilt database holds " + copied + " rows, the old one " + rows);
            }
            try (Statement s = fresh.createStatement()) {
                // loading the script leaves most of the file superseded (its LOBs pass through a temporary table)
                s.execute("SHUTDOWN COMPACT");
            }
        } catch (SQLException | RuntimeException e) {
            putBack(previous, file);
            throw new NodeStartException("could not rebuild the database " + file + ", which a killed process left "
                    + "open; it is as it was: " + JournalSchema.reason(e), e);
        } finally {
            deleteQuietly(script);
        }
        return Optional.of(new Rebuilt(rows, bytes, Duration.ofNanos(System.nanoTime() - started), previous));
    }

    /**
     * Under H2's lock-file protocol, as a process with AUTO_SERVER uses it (H2 takes a lock file over only from a
     * process that is gone), but without serving the database: no other process is let in while the rows are copied.
     */
    private static Connection open(Path dir) throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + dir.resolve(NAME)
                + ";FILE_LOCK=FILE;DATABASE_TO_UPPER=false", "sa", "");
    }

    private static Map<String, Long> rowCounts(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT TABLE_NAME FROM "
                + "INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = CURRENT_SCHEMA AND TABLE_TYPE = 'BASE TABLE' "
                + "ORDER BY TABLE_NAME")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        Map<String, Long> rows = new LinkedHashMap<>();
        for (String table : tables) {
            // not COUNT(*): H2 answers that from the index, which counts the half-written rows too
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COALESCE(SUM(1), 0) FROM \""
                    + table.replace("\"", "\"\"") + "\"")) {
                rs.next();
                rows.put(table, rs.getLong(1));
            }
        }
        return rows;
    }

    private static void putBack(Path previous, Path file) {
        try {
            Files.move(previous, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new NodeStartException("could not rebuild the database " + file + ", and could not put it back: "
                    + "the killed process's file is " + previous + " (" + e + ")", e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a leftover script is overwritten by the next rebuild
        }
    }

    private static String sqlString(Path p) {
        return p.toString().replace("'", "''");
    }
}
