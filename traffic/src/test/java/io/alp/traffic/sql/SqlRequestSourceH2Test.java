package io.alp.traffic.sql;

import io.alp.engine.traffic.ReadReport;
import io.alp.engine.traffic.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SQL source on an in-memory H2, which reports column types and names differently from PostgreSQL. */
class SqlRequestSourceH2Test {

    private final String url = "jdbc:h2:mem:alp_" + UUID.randomUUID().toString().replace("-", "");
    private Connection keepAlive;
    private final List<Request> requests = new ArrayList<>();

    @BeforeEach
    void createTable() throws SQLException {
        keepAlive = DriverManager.getConnection(url, "sa", "");
        try (Statement statement = keepAlive.createStatement()) {
            statement.execute("CREATE TABLE requests (id BIGINT, prompt VARCHAR(200), messages JSON,"
                    + " started TIMESTAMP WITH TIME ZONE, cost DECIMAL(10, 6), flagged BOOLEAN, thumbs INTEGER,"
                    + " calls JSON, route VARCHAR(20))");
            statement.execute("INSERT INTO requests VALUES (1, 'Reset my password', NULL,"
                    + " TIMESTAMP WITH TIME ZONE '2025-03-01 09:15:00+01:00', 0.0021, FALSE, 1,"
                    + " JSON '[{\"model\": \"gpt-4o\", \"input_tokens\": 700, \"output_tokens\": 30}]', 'account')");
            statement.execute("INSERT INTO requests VALUES (2, NULL,"
                    + " JSON '{\"messages\": [{\"role\": \"user\", \"content\": \"Refund please\"}]}',"
                    + " NULL, NULL, TRUE, 0, NULL, 'billing')");
        }
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        keepAlive.close();
    }

    @Test
    void mapsColumnsOfH2Types() {
        ReadReport report = new SqlRequestSource(url + ";USER=sa", null, null, "SELECT id,"
                + " COALESCE(prompt, CAST(messages AS VARCHAR)) AS \"input\", started AS \"start\", cost AS cost_usd,"
                + " flagged AS \"error\", thumbs AS feedback, calls, route FROM requests ORDER BY id")
                .read(requests::add);

        assertEquals(2, report.requests(), report.problems().toString());
        Request first = requests.get(0);
        assertEquals("1", first.id());
        assertEquals(Instant.parse("2025-03-01T08:15:00Z"), first.start());
        assertEquals(0.0021, first.costUsd());
        assertEquals(700, first.inputTokens(), "from the calls");
        assertEquals(List.of("gpt-4o"), first.models());
        assertEquals(Map.of("route", "account"), first.attributes());
        Request second = requests.get(1);
        assertTrue(second.error());
        assertFalse(second.hasNegativeFeedback(), "a bare number without a feedback rule decides nothing");
        assertEquals("SQL query on " + url, report.source());
    }

    @Test
    void readsAJsonColumnOfMessagesAsText() {
        new SqlRequestSource(url, "sa", "", "SELECT id, messages AS \"input\" FROM requests WHERE id = 2")
                .read(requests::add);

        assertEquals("Refund please", requests.get(0).input());
    }
}
