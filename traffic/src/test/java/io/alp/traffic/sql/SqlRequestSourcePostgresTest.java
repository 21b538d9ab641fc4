package io.alp.traffic.sql;

import io.alp.engine.testkit.TestPostgres;
import io.alp.engine.traffic.Feedback;
import io.alp.engine.traffic.Problem;
import io.alp.engine.traffic.ReadReport;
import io.alp.engine.traffic.Request;
import io.alp.engine.traffic.TrafficFormatException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The SQL source on a real PostgreSQL; each test has its own table, dropped afterwards. */
class SqlRequestSourcePostgresTest {

    private static final String PASSWORD = "hunter2-not-needed";

    private String table;
    private final List<Request> requests = new ArrayList<>();

    @BeforeEach
    void createTable() throws SQLException {
        assumeTrue(TestPostgres.available(), "no PostgreSQL on " + TestPostgres.URL);
        table = TestPostgres.unique("alp_requests");
        TestPostgres.execute("CREATE TABLE " + table + " ("
                + "request_id text, prompt text, messages jsonb, answer text, created_at timestamptz,"
                + " finished_at timestamp, model text, models text[], input_tokens integer, output_tokens bigint,"
                + " cost_usd numeric(12, 6), conversation_id text, failed boolean, thumbs text, score double precision,"
                + " trace_id text, route text, tenant integer, created_text text)",
                "INSERT INTO " + table + " VALUES ('req-1', 'Where is my order #4521?', NULL, 'It ships tomorrow.',"
                        + " '2025-03-04 10:15:02.120+00', '2025-03-04 10:15:05.532', 'gpt-4o-mini', NULL, 820, 45,"
                        + " 0.000150, 'sess-77', false, 'thumbs_up', NULL, 'abc123', 'orders', 42, NULL)",
                "INSERT INTO " + table + " VALUES ('req-2', NULL,"
                        + " '[{\"role\": \"system\", \"content\": \"Be brief.\"}, {\"role\": \"user\", \"content\": \"Cancel my plan\"}]',"
                        + " NULL, '2025-03-04 10:17:40+02', NULL, NULL, ARRAY['claude-3-5-haiku', 'gpt-4o'], 100, 10,"
                        + " NULL, NULL, true, 'thumbs_down', -1, NULL, 'billing', NULL, NULL)",
                "INSERT INTO " + table + " VALUES ('req-3', NULL, NULL, 'no input', NULL, NULL, NULL, NULL, NULL,"
                        + " NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
                "INSERT INTO " + table + " VALUES ('req-4', 'Hello', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
                        + " NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'not a time')");
    }

    @AfterEach
    void dropTable() throws SQLException {
        if (table != null) {
            TestPostgres.execute("DROP TABLE IF EXISTS " + table);
        }
    }

    private SqlRequestSource source(String query) {
        return new SqlRequestSource(TestPostgres.URL, TestPostgres.USER, PASSWORD, query);
    }

    @Test
    void mapsColumnsByNameWhateverTheirCase() {
        ReadReport report = source("SELECT request_id AS \"ID\", prompt AS Input, answer AS OUTPUT,"
                + " created_at AS \"Start\", finished_at AS \"end\", model, input_tokens, output_tokens, cost_usd,"
                + " conversation_id, failed AS error, thumbs AS feedback, trace_id, route, tenant"
                + " FROM " + table + " WHERE request_id = 'req-1'").read(requests::add);

        assertEquals(1, report.requests());
        Request r = requests.get(0);
        assertEquals("req-1", r.id());
        assertEquals("Where is my order #4521?", r.input());
        assertEquals("It ships tomorrow.", r.output());
        assertEquals(Instant.parse("2025-03-04T10:15:02.120Z"), r.start());
        assertEquals(Instant.parse("2025-03-04T10:15:05.532Z"), r.end(), "a timestamp without zone is UTC");
        assertEquals(List.of("gpt-4o-mini"), r.models());
        assertEquals(820, r.inputTokens());
        assertEquals(45, r.outputTokens());
        assertEquals(0.00015, r.costUsd());
        assertEquals("sess-77", r.conversationId());
        assertFalse(r.error());
        assertEquals(List.of(new Feedback("feedback", null, "thumbs_up", null)), r.feedback());
        assertEquals("abc123", r.traceId());
        assertEquals(Map.of("route", "orders", "tenant", "42"), r.attributes(), "other columns, as text");
        assertEquals("SQL query on " + TestPostgres.URL, report.source());
    }

    @Test
    void readsJsonbMessagesArraysAndNumericFeedback() {
        source("SELECT request_id AS id, messages AS input, created_at AS timestamp, models, failed AS error,"
                + " score AS feedback, input_tokens, output_tokens FROM " + table + " WHERE request_id = 'req-2'")
                .read(requests::add);

        Request r = requests.get(0);
        assertEquals("Cancel my plan", r.input(), "a jsonb column of messages reads as the last user message");
        assertEquals(Instant.parse("2025-03-04T08:17:40Z"), r.start());
        assertEquals(List.of("claude-3-5-haiku", "gpt-4o"), r.models());
        assertTrue(r.error());
        assertFalse(r.hasNegativeFeedback(), "a bare number without a feedback rule decides nothing");
        assertNull(r.output());
        assertNull(r.costUsd());
    }

    @Test
    void countsAndSkipsBadRows() {
        ReadReport report = source("SELECT request_id AS id, coalesce(prompt, messages::text) AS input,"
                + " answer AS output, created_text AS timestamp FROM " + table + " ORDER BY request_id")
                .read(requests::add);

        assertEquals(4, report.records());
        assertEquals(2, report.requests());
        assertEquals(List.of(
                new Problem("query row 3", "input is missing or null"),
                new Problem("query row 4", "timestamp must be an ISO-8601 time such as 2025-03-01T12:00:00Z, got "
                        + "\"not a time\"")), report.problems());
        assertEquals(List.of("req-1", "req-2"), requests.stream().map(Request::id).toList());
    }

    @Test
    void aNullIdIsABadRow() {
        ReadReport report = source("SELECT CASE WHEN request_id = 'req-2' THEN NULL ELSE request_id END AS id,"
                + " 'x' AS input FROM " + table + " ORDER BY request_id").read(requests::add);

        assertEquals(new Problem("query row 2", "id is missing or null"), report.problems().get(0));
        assertEquals(3, report.requests());
    }

    @Test
    void refusesAQueryWithoutIdOrInputNamingItsColumns() {
        TrafficFormatException e = assertThrows(TrafficFormatException.class,
                () -> source("SELECT request_id, prompt, answer AS output FROM " + table).read(requests::add));

        assertEquals("SQL query on " + TestPostgres.URL + ": the query returns no id and input column (its columns: "
                + "request_id, prompt, output); name them with AS, e.g. SELECT request_id AS id, prompt AS input, ...",
                e.getMessage());
    }

    @Test
    void aFailingQueryNamesTheUrlAndTheDriversMessageButNoPassword() {
        String url = TestPostgres.URL + "?user=postgres&password=s3cret-in-url&ApplicationName=alp";
        SqlRequestSource source = new SqlRequestSource(url, null, null,
                "SELECT id, input FROM " + table + "_missing");

        TrafficFormatException e = assertThrows(TrafficFormatException.class, () -> source.read(requests::add));

        assertTrue(e.getMessage().startsWith("SQL query on " + TestPostgres.URL + "?ApplicationName=alp: the query "
                + "failed: ERROR: relation \"" + table + "_missing\" does not exist"), e.getMessage());
        assertTrue(e.getMessage().endsWith("(SQL state 42P01)"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret-in-url"));
        assertFalse(source.describe().contains("s3cret-in-url"));
        assertNull(e.getCause(), "the driver's exception may quote credentials");
    }

    @Test
    void aConnectionFailureNamesTheUrlButNoPassword() {
        SqlRequestSource source = new SqlRequestSource("jdbc:postgresql://127.0.0.1:1/test?password=pw-in-url",
                "postgres", PASSWORD, "SELECT 1");

        TrafficFormatException e = assertThrows(TrafficFormatException.class, () -> source.read(requests::add));

        assertTrue(e.getMessage().startsWith("SQL query on jdbc:postgresql://127.0.0.1:1/test: cannot connect: "),
                e.getMessage());
        assertFalse(e.getMessage().contains(PASSWORD));
        assertFalse(e.getMessage().contains("pw-in-url"));
    }

    @Test
    void aUrlNoDriverKnowsIsAFormatError() {
        SqlRequestSource source = new SqlRequestSource("jdbc:nosuchdb://h/db;password=pw-in-url", "u", PASSWORD,
                "SELECT 1");

        TrafficFormatException e = assertThrows(TrafficFormatException.class, () -> source.read(requests::add));

        assertTrue(e.getMessage().contains("jdbc:nosuchdb://h/db"), e.getMessage());
        assertFalse(e.getMessage().contains("pw-in-url"), e.getMessage());
    }

    /**
     * With a cursor, the rows before a failing one reach the sink before the failure; a driver that read the
     * whole result first would fail before handing over any row.
     */
    @Test
    void streamsRowsWithACursor() {
        AtomicLong delivered = new AtomicLong();
        SqlRequestSource source = source("SELECT n AS id, 'question ' || n AS input, 1 / (5000 - n) AS divided"
                + " FROM generate_series(1, 6000) AS n");

        TrafficFormatException e = assertThrows(TrafficFormatException.class,
                () -> source.read(request -> delivered.incrementAndGet()));

        assertTrue(e.getMessage().contains("division by zero"), e.getMessage());
        assertTrue(delivered.get() >= 4000, "rows delivered before the failing one: " + delivered.get());
    }

    @Test
    void readsManyRows() {
        AtomicLong delivered = new AtomicLong();
        ReadReport report = source("SELECT 'r' || n AS id, 'question ' || n AS input, n AS input_tokens"
                + " FROM generate_series(1, 20000) AS n").read(request -> delivered.incrementAndGet());

        assertEquals(20000, delivered.get());
        assertEquals(20000, report.requests());
    }
}
