package io.alp.cluster;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Identity columns of an H2 database whose counter fell behind the rows it already numbered.
 *
 * <p>H2 can come back from a SIGKILL with such a counter: the rows of the last commits are there, but the
 * identity's next value is one they already use. The journal's next write then collides with a committed row's
 * {@code ordering}, and the entity that makes it can never persist again. Moving every identity of the current
 * schema past its column's largest value before anything is written makes those writes go through; the gap this may
 * leave in the numbering is harmless (H2 leaves gaps of its own when it caches identity values).
 */
final class H2IdentityCounters {

    /** One counter that was moved: {@code table.column} now continues at {@code next}, not at {@code was}. */
    record Realigned(String table, String column, long was, long next) {
        @Override
        public String toString() {
            return table + "." + column + " from " + was + " to " + next;
        }
    }

    private H2IdentityCounters() {
    }

    /** Moves each identity of the connection's current schema that is not past its column's maximum. */
    static List<Realigned> realign(Connection c) throws SQLException {
        List<Realigned> moved = new ArrayList<>();
        for (Identity id : identities(c)) {
            Long max = max(c, id);
            if (max != null && id.next() <= max) {
                try (Statement s = c.createStatement()) {
                    s.execute("ALTER TABLE " + quote(id.table()) + " ALTER COLUMN " + quote(id.column())
                            + " RESTART WITH " + (max + 1));
                }
                moved.add(new Realigned(id.table(), id.column(), id.next(), max + 1));
            }
        }
        return moved;
    }

    private record Identity(String table, String column, long next) {
    }

    private static List<Identity> identities(Connection c) throws SQLException {
        List<Identity> ids = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT TABLE_NAME, COLUMN_NAME, "
                + "IDENTITY_BASE FROM INFORMATION_SCHEMA.COLUMNS WHERE IS_IDENTITY = 'YES' "
                + "AND TABLE_SCHEMA = CURRENT_SCHEMA")) {
            while (rs.next()) {
                ids.add(new Identity(rs.getString(1), rs.getString(2), rs.getLong(3)));
            }
        }
        return ids;
    }

    private static Long max(Connection c, Identity id) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT MAX(" + quote(id.column()) + ") FROM " + quote(id.table()))) {
            rs.next();
            long max = rs.getLong(1);
            return rs.wasNull() ? null : max;
        }
    }

    private static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
