package io.alp.engine.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The PostgreSQL server on loopback the tests use (trust authentication, database {@code test}, user
 * {@code postgres}; .ci/run starts it): each test works in a schema or table of its own and drops it afterwards.
 * The JDBC driver comes from the module that runs the test.
 */
public final class TestPostgres {

    public static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    public static final String USER = "postgres";

    private static Boolean available;

    private TestPostgres() {
    }

    public static synchronized boolean available() {
        if (available == null) {
            try (Connection ignored = connect()) {
                available = true;
            } catch (SQLException e) {
                available = false;
            }
        }
        return available;
    }

    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(URL, USER, "");
    }

    /** A name no other test run uses, e.g. for a table or schema. */
    public static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** Creates a schema no other run uses and returns its name. */
    public static String createSchema() throws SQLException {
        String schema = unique("alp_x");
        execute("create schema " + schema);
        return schema;
    }

    /** The URL whose unqualified tables live in {@code schema}. */
    public static String url(String schema) {
        return URL + "?currentSchema=" + schema;
    }

    public static void dropSchema(String schema) {
        if (schema == null) {
            return;
        }
        try {
            execute("drop schema if exists " + schema + " cascade");
        } catch (SQLException e) {
            System.err.println("could not drop schema " + schema + ": " + e.getMessage());
        }
    }

    public static void execute(String... statements) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    public static boolean hasTable(String schema, String table) throws SQLException {
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
