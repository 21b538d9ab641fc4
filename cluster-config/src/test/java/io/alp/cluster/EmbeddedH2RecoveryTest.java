package io.alp.cluster;

import org.h2.api.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded database of a process that was SIGKILLed is rebuilt from its committed rows; a live one is not. */
class EmbeddedH2RecoveryTest {

    @TempDir
    Path dir;

    private Process holder;

    @AfterEach
    void killTheHolder() {
        if (holder != null) {
            holder.destroyForcibly();
        }
    }

    @Test
    void aDatabaseLeftOpenByAKilledProcessIsRebuiltWithEveryCommittedRow() throws Exception {
        holdOpen(50);
        holder.destroyForcibly();
        assertTrue(holder.waitFor(30, TimeUnit.SECONDS), "the holder is dead");
        assertTrue(Files.exists(dir.resolve("alp.lock.db")), "it could not remove its lock file");

        Optional<EmbeddedH2Recovery.Rebuilt> rebuilt = EmbeddedH2Recovery.rebuildIfLeftOpen(dir);

        assertTrue(rebuilt.isPresent(), "a database left open is rebuilt");
        assertEquals(Map.of("held", 50L), rebuilt.get().rows());
        assertTrue(Files.exists(dir.resolve(EmbeddedH2Recovery.PREVIOUS)), "the file as it was left is kept");
        assertFalse(Files.exists(dir.resolve("alp.lock.db")), "the rebuilt database was closed");
        try (Connection c = JournalSchema.connect(NodeSettings.embedded(dir)); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*), MIN(\"payload\"), MAX(\"id\") FROM \"held\"")) {
                rs.next();
                assertEquals(50, rs.getLong(1));
                assertEquals("row 0", rs.getString(2));
                assertEquals(50, rs.getLong(3));
            }
            s.execute("INSERT INTO \"held\" (\"payload\") VALUES ('after')");
            try (ResultSet rs = s.executeQuery("SELECT \"id\" FROM \"held\" WHERE \"payload\" = 'after'")) {
                rs.next();
                long id = rs.getLong(1);
                assertTrue(id > 50, "the identity continues after the copied rows (H2 may leave a gap): " + id);
            }
        }
        assertTrue(EmbeddedH2Recovery.rebuildIfLeftOpen(dir).isEmpty(), "a closed database is left alone");
    }

    /** A data directory holding a copy of the fixture database {@code resource}. */
    private Path copyOf(String resource, String name) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        try (InputStream in = getClass().getResourceAsStream(resource)) {
            Files.copy(in, d.resolve("alp.mv.db"));
        }
        return d;
    }

    /** The lock file a killed process leaves: it names no server that answers. */
    private static void leftLockedByAKilledProcess(Path data) throws Exception {
        Files.writeString(data.resolve("alp.lock.db"), "#FileLock\nmethod=file\nid=killed\n");
    }

    /**
     * The fixture is a real one: a table shaped like the journal, written by eight threads batch-inserting rows
     * with BLOB payloads (H2 2.5.252, AUTO_SERVER, WRITE_DELAY=0) until the process was SIGKILLed. Reopened, the
     * key ('p4', 2350) that was being inserted at the kill is invisible but locked for good. The file was then cut
     * down to the ten rows before it (DELETE, SHUTDOWN COMPACT), which keeps the locked key.
     */
    @Test
    void aRowHalfWrittenAtAKillNoLongerBlocksItsKeyOnceTheDatabaseIsRebuilt() throws Exception {
        Path asLeft = copyOf("/h2-killed-mid-insert/alp.mv.db", "as-left");
        Path data = copyOf("/h2-killed-mid-insert/alp.mv.db", "data");
        SQLException blocked = assertThrows(SQLException.class, () -> insertHalfWrittenKey(asLeft));
        assertEquals(ErrorCode.LOCK_TIMEOUT_1, blocked.getErrorCode(), "the fixture holds the locked key: " + blocked);
        leftLockedByAKilledProcess(data);

        Optional<EmbeddedH2Recovery.Rebuilt> rebuilt = EmbeddedH2Recovery.rebuildIfLeftOpen(data);

        assertEquals(Optional.of(Map.of("event_journal", 10L)), rebuilt.map(EmbeddedH2Recovery.Rebuilt::rows));
        insertHalfWrittenKey(data);
    }

    /**
     * The fixture is a real one: a process committing one to four rows at a time into "acked" (ids counting up from 1;
     * H2 2.5.252, WRITE_DELAY=0, RETENTION_TIME=0 so that freed space is reused at once) printed that it had committed
     * row 71, and was SIGKILLed. Opened as it is, H2 finds only the rows up to 67: the last commits went into freed
     * space that its quick recovery does not look at.
     */
    @Test
    void theLastCommitsOfAKilledProcessAreKeptWhereverH2WroteThem() throws Exception {
        Path asLeft = copyOf("/h2-killed-after-reusing-space/alp.mv.db", "as-left");
        Path data = copyOf("/h2-killed-after-reusing-space/alp.mv.db", "data");
        assertTrue(ackedRows(asLeft)[1] < 71, "opened as it is, the fixture has lost commits");
        leftLockedByAKilledProcess(data);

        Optional<EmbeddedH2Recovery.Rebuilt> rebuilt = EmbeddedH2Recovery.rebuildIfLeftOpen(data);

        assertEquals(Optional.of(Map.of("acked", 71L)), rebuilt.map(EmbeddedH2Recovery.Rebuilt::rows));
        assertEquals(71, ackedRows(data)[1], "every acknowledged row, 1 to 71, is back");
    }

    /** The number of rows in "acked" and the highest id. */
    private static long[] ackedRows(Path data) throws SQLException {
        try (Connection c = JournalSchema.connect(NodeSettings.embedded(data)); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*), COALESCE(MAX(\"id\"), 0) FROM \"acked\"")) {
            rs.next();
            return new long[]{rs.getLong(1), rs.getLong(2)};
        }
    }

    private static void insertHalfWrittenKey(Path data) throws SQLException {
        try (Connection c = JournalSchema.connect(NodeSettings.embedded(data)); Statement s = c.createStatement()) {
            s.execute("SET LOCK_TIMEOUT 300");
            s.execute("INSERT INTO \"event_journal\" (\"persistence_id\", \"sequence_number\") VALUES ('p4', 2350)");
        }
    }

    @Test
    void aDatabaseThatAProcessStillHasOpenIsLeftAlone() throws Exception {
        holdOpen(5);
        Path file = dir.resolve("alp.mv.db");
        long before = Files.size(file);

        assertTrue(EmbeddedH2Recovery.rebuildIfLeftOpen(dir).isEmpty());

        assertTrue(holder.isAlive());
        assertFalse(Files.exists(dir.resolve(EmbeddedH2Recovery.PREVIOUS)), "nothing was moved");
        assertEquals(before, Files.size(file));
        // the holder still serves it: this process gets in through AUTO_SERVER and sees its rows
        try (Connection c = JournalSchema.connect(NodeSettings.embedded(dir)); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM \"held\"")) {
            rs.next();
            assertEquals(5, rs.getLong(1));
        }
    }

    @Test
    void aClosedOrMissingDatabaseIsLeftAlone() throws SQLException {
        assertTrue(EmbeddedH2Recovery.rebuildIfLeftOpen(dir).isEmpty(), "no database at all");
        try (Connection c = JournalSchema.connect(NodeSettings.embedded(dir)); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE \"t\" (\"x\" INT)");
        }
        assertTrue(EmbeddedH2Recovery.rebuildIfLeftOpen(dir).isEmpty(), "a database that was closed");
        assertFalse(Files.exists(dir.resolve(EmbeddedH2Recovery.PREVIOUS)));
    }

    private void holdOpen(int rows) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        holder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, H2Holder.class.getName(), dir.toString(), Integer.toString(rows)))
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                StandardCharsets.UTF_8));
        StringBuilder printed = new StringBuilder();
        for (String line = out.readLine(); !"ready".equals(line); line = out.readLine()) {
            assertTrue(line != null, "the holder ended before it opened the database:\n" + printed);
            printed.append(line).append('\n'); // e.g. a JVM warning
        }
    }
}
