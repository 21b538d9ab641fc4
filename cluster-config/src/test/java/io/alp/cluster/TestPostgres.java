package io.alp.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** The PostgreSQL server on loopback the tests use (trust authentication, database test): a schema per test. */
final class TestPostgres {

    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String USER = "postgres";

    private static Boolean available;

    private TestPostgres() {
    }

    static synchronized boolean available() {
        if (available == null) {
            try (Connection ignored = connect()) {
                available = true;
            } catch (SQLException e) {
                available = false;
            }
        }
        return available;
    }

    static Connection connect() throws SQLException {
        return DriverManager.getConnection(URL, USER, "");
    }

    /** A schema name no other run uses (not created). */
    static String uniqueSchema() {
        return "alp_x_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    static String url(String schema) {
        return URL + "?currentSchema=" + schema;
    }

    static void execute(String... statements) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    static void drop(String schema) throws SQLException {
        execute("drop schema if exists " + schema + " cascade");
    }

    /** Whether {@code schema} holds a table named {@code table}. */
    static boolean hasTable(String schema, String table) throws SQLException {
        try (Connection c = connect();
             var s = c.prepareStatement("select 1 from information_schema.tables where table_schema = ? "
                     + "and table_name = ?")) {
            s.setString(1, schema);
            s.setString(2, table);
            try (var rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }
}
