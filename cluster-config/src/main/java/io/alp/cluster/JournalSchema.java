package io.alp.cluster;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The journal's tables ({@code event_journal}, {@code event_tag}, {@code snapshot}): whether they exist, and
 * creating them when they do not.
 *
 * <p>On H2 the DDL that pekko-persistence-jdbc bundles runs through its {@code SchemaUtils}. On PostgreSQL that
 * bundled DDL names the {@code public} schema in every statement, while the journal's queries name no schema and
 * so go to the connection's current schema ({@code ?currentSchema=...} in the URL): the tables would be created
 * where the journal never looks. So on PostgreSQL the same DDL runs here, with the schema left out (tables go to
 * the current schema, created first if the URL names one that does not exist), indexes made idempotent, and the
 * whole under an advisory lock, so that nodes starting at once do not race each other.
 */
public final class JournalSchema {

    public static final List<String> TABLES = List.of("event_journal", "event_tag", "snapshot");

    private static final String POSTGRES_DDL = "schema/postgres/postgres-create-schema.sql";
    /** Any constant shared by every ALP process; "alpjourn" in ASCII. */
    private static final long LOCK_KEY = 0x616c706a6f75726eL;
    private static final int LOGIN_TIMEOUT_SECONDS = 10;
    private static final Pattern CURRENT_SCHEMA = Pattern.compile("[?&]currentSchema=([^&]+)");

    private JournalSchema() {
    }

    /** A new connection, failing within a few seconds when the server does not answer. */
    static Connection connect(NodeSettings settings) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", settings.dbUser());
        props.setProperty("password", settings.dbPassword());
        if (settings.postgres()) {
            props.setProperty("connectTimeout", Integer.toString(LOGIN_TIMEOUT_SECONDS));
            props.setProperty("loginTimeout", Integer.toString(LOGIN_TIMEOUT_SECONDS));
        }
        return DriverManager.getConnection(settings.dbUrl(), props);
    }

    /** Opens and closes one connection; the exception says, in one line, why the database cannot be used. */
    public static void checkReachable(NodeSettings settings) {
        try (Connection c = connect(settings)) {
            c.isValid(LOGIN_TIMEOUT_SECONDS);
        } catch (SQLException e) {
            throw cannotOpen(settings, e);
        }
    }

    /** Whether every journal table exists (in the current schema on PostgreSQL). */
    public static boolean exists(NodeSettings settings) {
        try (Connection c = connect(settings)) {
            return missing(c).isEmpty();
        } catch (SQLException e) {
            throw cannotOpen(settings, e);
        }
    }

    /** Whether {@code table} exists in the current schema (another ALP table, such as the datasets'). */
    public static boolean hasTable(NodeSettings settings, String table) {
        try (Connection c = connect(settings)) {
            String schema = c.getSchema();
            return schema != null && hasTable(c, schema, table);
        } catch (SQLException e) {
            throw cannotOpen(settings, e);
        }
    }

    /**
     * Creates the tables that are missing and checks that all are there afterwards (the bundled DDL runner logs
     * its errors only at debug level). {@code system} runs that runner on H2; PostgreSQL needs no ActorSystem.
     */
    static void ensure(ActorSystem<?> system, NodeSettings settings) {
        if (settings.postgres()) {
            ensurePostgres(settings);
            return;
        }
        try {
            SchemaUtils.createIfNotExists(system).toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new NodeStartException("could not create the journal schema at " + settings.shownDbUrl() + ": "
                    + e.getMessage(), e);
        }
        checkComplete(settings);
        realignIdentities(system, settings);
    }

    /** See {@link H2IdentityCounters}: after a SIGKILL, H2 may number new rows with numbers its rows already have. */
    private static void realignIdentities(ActorSystem<?> system, NodeSettings settings) {
        try (Connection c = connect(settings)) {
            for (H2IdentityCounters.Realigned r : H2IdentityCounters.realign(c)) {
                system.log().warn("the identity counter {} was behind the rows it had numbered (the database was "
                        + "left by a process that did not shut down); moved forward", r);
            }
        } catch (SQLException e) {
            throw new NodeStartException("could not check the identity counters of " + settings.shownDbUrl() + ": "
                    + reason(e), e);
        }
    }

    /** PostgreSQL: the tables in the current schema, created under an advisory lock when any is missing. */
    static void ensurePostgres(NodeSettings settings) {
        try (Connection c = connect(settings)) {
            if (missing(c).isEmpty()) {
                return;
            }
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("select pg_advisory_xact_lock(" + LOCK_KEY + ")");
                if (c.getSchema() == null) {
                    String schema = namedSchema(settings.dbUrl());
                    if (schema == null) {
                        throw new NodeStartException("the database " + settings.shownDbUrl() + " has no current "
                                + "schema to create the journal in (name one with ?currentSchema=NAME)");
                    }
                    s.execute("create schema if not exists \"" + schema.replace("\"", "\"\"") + "\"");
                }
                for (String ddl : postgresDdl()) {
                    s.execute(ddl);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new NodeStartException("could not create the journal tables at " + settings.shownDbUrl() + ": "
                    + reason(e), e);
        }
        checkComplete(settings);
    }

    private static void checkComplete(NodeSettings settings) {
        try (Connection c = connect(settings)) {
            List<String> missing = missing(c);
            if (!missing.isEmpty()) {
                throw new NodeStartException("journal table(s) " + String.join(", ", missing) + " missing at "
                        + settings.shownDbUrl() + " after creating the schema");
            }
        } catch (SQLException e) {
            throw cannotOpen(settings, e);
        }
    }

    /** The journal tables not found in the connection's current schema. */
    static List<String> missing(Connection c) throws SQLException {
        String schema = c.getSchema();
        if (schema == null) {
            return TABLES;
        }
        List<String> missing = new ArrayList<>();
        for (String table : TABLES) {
            if (!hasTable(c, schema, table)) {
                missing.add(table);
            }
        }
        return missing;
    }

    private static boolean hasTable(Connection c, String schema, String table) throws SQLException {
        try (ResultSet rs = c.getMetaData().getTables(c.getCatalog(), escape(c, schema), escape(c, table), null)) {
            return rs.next();
        }
    }

    private static NodeStartException cannotOpen(NodeSettings settings, SQLException e) {
        return new NodeStartException("cannot open the database " + settings.shownDbUrl() + ": " + reason(e), e);
    }

    /** A name as a metadata pattern: its '_' and '%' literally. */
    private static String escape(Connection c, String name) throws SQLException {
        String escape = c.getMetaData().getSearchStringEscape();
        return escape == null || escape.isEmpty() ? name
                : name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
    }

    /** The bundled PostgreSQL DDL without its schema qualifier, with idempotent index creation. */
    static List<String> postgresDdl() {
        String script;
        try (InputStream in = JournalSchema.class.getClassLoader().getResourceAsStream(POSTGRES_DDL)) {
            if (in == null) {
                throw new IllegalStateException(POSTGRES_DDL + " is not on the classpath (pekko-persistence-jdbc)");
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + POSTGRES_DDL + ": " + e.getMessage(), e);
        }
        List<String> statements = new ArrayList<>();
        for (String raw : script.split(";")) {
            String ddl = raw.strip();
            if (ddl.isEmpty()) {
                continue;
            }
            ddl = ddl.replaceAll("(?i)\\bpublic\\.", "")
                    .replaceAll("(?i)^CREATE\\s+(UNIQUE\\s+)?INDEX\\s+(CONCURRENTLY\\s+)?(?!IF\\s+NOT\\s+EXISTS)",
                            "CREATE $1INDEX IF NOT EXISTS ");
            statements.add(ddl);
        }
        return statements;
    }

    /** The first schema {@code ?currentSchema=} names, or null. */
    static String namedSchema(String url) {
        Matcher m = CURRENT_SCHEMA.matcher(url);
        if (!m.find()) {
            return null;
        }
        String first = java.net.URLDecoder.decode(m.group(1), StandardCharsets.UTF_8).split(",")[0].strip();
        return first.isEmpty() ? null : first;
    }

    /** The first line of a driver's message, which is what a user needs. */
    static String reason(Throwable e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return message.lines().findFirst().orElse(message).strip();
    }
}
