package io.alp.traffic.sql;

import io.alp.engine.port.TrafficSource;
import io.alp.engine.traffic.ReadReport;
import io.alp.engine.traffic.Request;
import io.alp.engine.traffic.TrafficFormatException;
import io.alp.traffic.read.BadRecordException;
import io.alp.traffic.read.FlatRequest;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Requests from a SQL query: result columns map by name (case-insensitive) to the flat schema of
 * {@code traffic/JSONL.md}, other columns become attributes. Rows are streamed with a cursor.
 * The password never appears in a description or a message.
 */
public final class SqlRequestSource implements TrafficSource {

    static final int FETCH_SIZE = 500;

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String query;
    private final String shownUrl;

    public SqlRequestSource(String jdbcUrl, String user, String password, String query) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.query = query;
        this.shownUrl = JdbcUrls.withoutCredentials(jdbcUrl);
    }

    @Override
    public String describe() {
        return "SQL query on " + shownUrl;
    }

    @Override
    public ReadReport read(Consumer<Request> sink) {
        ReadReport.Builder report = new ReadReport.Builder(describe());
        try (Connection connection = connect()) {
            // PostgreSQL fetches with a cursor (FETCH_SIZE rows at a time) only inside a transaction
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY)) {
                statement.setFetchSize(FETCH_SIZE);
                try (ResultSet rows = statement.executeQuery(query)) {
                    readRows(rows, report, sink);
                }
            } finally {
                rollbackQuietly(connection);
            }
        } catch (SQLException e) {
            throw failure("the query failed", e);
        }
        return report.build();
    }

    private Connection connect() {
        // empty credentials are left out: some drivers (H2) refuse a property given both here and in the URL
        Properties properties = new Properties();
        if (user != null && !user.isEmpty()) {
            properties.setProperty("user", user);
        }
        if (password != null && !password.isEmpty()) {
            properties.setProperty("password", password);
        }
        try {
            return DriverManager.getConnection(jdbcUrl, properties);
        } catch (SQLException e) {
            throw failure("cannot connect", e);
        }
    }

    private void readRows(ResultSet rows, ReadReport.Builder report, Consumer<Request> sink) throws SQLException {
        ResultColumns columns = ResultColumns.of(rows.getMetaData());
        columns.requireIdAndInput(describe());
        RowConverter converter = new RowConverter(columns);
        long number = 0;
        while (rows.next()) {
            number++;
            report.record();
            Request request;
            try {
                request = FlatRequest.from(converter.convert(rows));
            } catch (BadRecordException e) {
                report.malformed("query row " + number, e.getMessage());
                continue;
            }
            report.request();
            sink.accept(request);
        }
    }

    /**
     * The driver's exception is not kept as the cause: some drivers repeat the URL, credentials included,
     * in their messages, and a cause would be printed with any stack trace.
     */
    private TrafficFormatException failure(String what, SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : scrub(e.getMessage());
        String state = e.getSQLState() == null ? "" : " (SQL state " + e.getSQLState() + ")";
        return new TrafficFormatException(describe() + ": " + what + ": " + message + state);
    }

    private String scrub(String message) {
        String scrubbed = message.replace(jdbcUrl, shownUrl);
        List<String> secrets = new ArrayList<>(JdbcUrls.secretsIn(jdbcUrl));
        if (password != null && !password.isEmpty()) {
            secrets.add(password);
        }
        for (String secret : secrets) {
            scrubbed = scrubbed.replace(secret, "***");
        }
        return scrubbed;
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // nothing was written; the connection is closed next anyway
        }
    }
}
