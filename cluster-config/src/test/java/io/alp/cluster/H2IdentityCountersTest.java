package io.alp.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An H2 journal whose {@code ordering} counter is behind its rows, as H2 can leave it after a SIGKILL: the next
 * event collides with a committed one until the counter is moved past the rows.
 */
class H2IdentityCountersTest {

    @TempDir
    Path dir;

    @Test
    void aCounterBehindItsRowsIsMovedPastThem() throws Exception {
        try (Connection c = journalWithEvents(3)) {
            restartOrderingAt(c, 2);
            SQLException collision = assertThrows(SQLException.class, () -> insertEvent(c, "Node|s/n2", 1));
            assertEquals("23505", collision.getSQLState(), "the stale counter hands out an ordering in use: "
                    + collision.getMessage());

            List<H2IdentityCounters.Realigned> moved = H2IdentityCounters.realign(c);

            // the failed insert used up 2
            assertEquals(List.of(new H2IdentityCounters.Realigned("event_journal", "ordering", 3, 4)), moved);
            insertEvent(c, "Node|s/n2", 1);
            assertEquals(4, orderingOf(c, "Node|s/n2", 1), "the next event continues after the rows");
            assertTrue(H2IdentityCounters.realign(c).isEmpty(), "a counter past its rows is left alone");
        }
    }

    @Test
    void openingTheJournalRepairsTheCounterBeforeAnythingIsWritten() throws Exception {
        try (Connection c = journalWithEvents(5)) {
            restartOrderingAt(c, 1);
        }

        JournalAccess.open(NodeSettings.embedded(dir)).close();

        try (Connection c = JournalSchema.connect(NodeSettings.embedded(dir))) {
            insertEvent(c, "Node|s/n1", 6);
            assertEquals(6, orderingOf(c, "Node|s/n1", 6));
        }
    }

    @Test
    void emptyTablesAndCountersAheadOfTheirRowsAreLeftAlone() throws Exception {
        try (Connection c = journalWithEvents(0)) {
            assertTrue(H2IdentityCounters.realign(c).isEmpty(), "an empty journal");
            insertEvent(c, "Node|s/n1", 1);
            restartOrderingAt(c, 10);
            assertTrue(H2IdentityCounters.realign(c).isEmpty(), "a gap is not a collision");
            insertEvent(c, "Node|s/n1", 2);
            assertEquals(10, orderingOf(c, "Node|s/n1", 2));
        }
    }

    /** A connection to a new journal in {@code dir} that holds events 1..n of one node. */
    private Connection journalWithEvents(int n) throws SQLException {
        NodeSettings settings = NodeSettings.embedded(dir);
        JournalAccess.open(settings).close();
        Connection c = JournalSchema.connect(settings);
        for (long seq = 1; seq <= n; seq++) {
            insertEvent(c, "Node|s/n1", seq);
        }
        return c;
    }

    private static void insertEvent(Connection c, String persistenceId, long seq) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO \"event_journal\" (\"persistence_id\", "
                + "\"sequence_number\", \"writer\", \"write_timestamp\", \"adapter_manifest\", \"event_payload\", "
                + "\"event_ser_id\", \"event_ser_manifest\") VALUES (?, ?, 'w', 0, '', ?, 1, '')")) {
            p.setString(1, persistenceId);
            p.setLong(2, seq);
            p.setBytes(3, new byte[]{1, 2, 3});
            p.executeUpdate();
        }
    }

    private static void restartOrderingAt(Connection c, long next) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE \"event_journal\" ALTER COLUMN \"ordering\" RESTART WITH " + next);
        }
    }

    private static long orderingOf(Connection c, String persistenceId, long seq) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT \"ordering\" FROM \"event_journal\" "
                + "WHERE \"persistence_id\" = ? AND \"sequence_number\" = ?")) {
            p.setString(1, persistenceId);
            p.setLong(2, seq);
            try (ResultSet rs = p.executeQuery()) {
                assertTrue(rs.next(), "the event is there");
                return rs.getLong(1);
            }
        }
    }
}
