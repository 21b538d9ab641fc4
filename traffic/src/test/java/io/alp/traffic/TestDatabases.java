package io.alp.traffic;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Databases for store tests: embedded H2 in a temporary directory, and a fresh schema on the PostgreSQL server
 * on loopback (started by .ci/run; trust authentication, database {@code test}).
 */
public final class TestDatabases {

    public static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";
    public static final String POSTGRES_USER = "postgres";

    private TestDatabases() {
    }

    public static String h2(Path dir) {
        return "jdbc:h2:file:" + dir.resolve("alp") + ";AUTO_SERVER=TRUE;DATABASE_TO_UPPER=false";
    }

    /** A URL whose tables land in a new schema; drop it with {@link #dropSchema}. */
    public static String freshPostgresSchema(String schema) throws SQLException {
        try (Connection c = DriverManager.getConnection(POSTGRES, POSTGRES_USER, "");
             Statement s = c.createStatement()) {
            s.execute("create schema " + schema);
        }
        return POSTGRES + "?currentSchema=" + schema;
    }

    public static String uniqueSchema(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    public static void dropSchema(String schema) throws SQLException {
        try (Connection c = DriverManager.getConnection(POSTGRES, POSTGRES_USER, "");
             Statement s = c.createStatement()) {
            s.execute("drop schema if exists " + schema + " cascade");
        }
    }
}
