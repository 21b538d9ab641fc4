package io.alp.app;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The PostgreSQL server on loopback the cluster tests use (trust authentication, database {@code test}, user
 * {@code postgres}): each test works in a schema of its own and drops it afterwards.
 */
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

    /** Creates a schema no other run uses and returns its name. */
    static String createSchema() throws SQLException {
        String schema = "alp_x_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("create schema " + schema);
        }
        return schema;
    }

    static String url(String schema) {
        return URL + "?currentSchema=" + schema;
    }

    static void dropSchema(String schema) {
        if (schema == null) {
            return;
        }
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("drop schema if exists " + schema + " cascade");
        } catch (SQLException e) {
            System.err.println("could not drop schema " + schema + ": " + e.getMessage());
        }
    }

    static boolean hasTable(String schema, String table) throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(
                "select 1 from information_schema.tables where table_schema = ? and table_name = ?")) {
            s.setString(1, schema);
            s.setString(2, table);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }
}
