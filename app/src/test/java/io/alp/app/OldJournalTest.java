package io.alp.app;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A journal written in the first event format (nodes' {@code Opened} embedding the world and every case, the
 * session's {@code SessionStarted} the whole dataset; see {@code journal-v1/README.md}) still replays, shows and
 * resumes, and reads to exactly what the build that wrote it printed.
 */
class OldJournalTest {

    private static final String SESSION = "support-20261206-053553-9b6d";

    @TempDir
    Path tmp;

    @Test
    void anOldJournalReadsAsItDidWhenItWasWritten() throws Exception {
        String data = copyFixture().toString();

        JsonNode replay = Alp.run("replay", SESSION, "--json", "--data", data).assertOk().json();
        assertEquals(expected("replay.json"), replay, "replay of the old journal");
        assertTrue(replay.get("replay").get("discrepancies").isEmpty(), replay.get("replay").toString());
        String text = Alp.run("replay", SESSION, "--data", data).assertOk().out();
        assertTrue(text.contains("the frontier shown is the recorded one (recorded under earlier frontier rules"),
                "the frontier of a journal older than its rules is shown, not checked:\n" + text);

        JsonNode node = Alp.run("show", SESSION, "n14", "--json", "--data", data).assertOk().json();
        assertEquals(expected("show-n14.json"), node, "a node's page, with its cases from the old events");

        // reading stored nothing: what old events embedded is only held by the reader
        assertFalse(hasTable(data, "alp_world"), "a read created the world catalog");
    }

    @Test
    void resumingAnOldSessionStoresWhatItsEventsEmbeddedWhereNewEventsReferToIt() throws Exception {
        String data = copyFixture().toString();

        Alp.run("resume", SESSION, "--data", data, "--report", tmp.resolve("report.html").toString()).assertOk();

        assertEquals(1, count(data, "select count(*) from alp_world where kind = 'sim'"),
                "the session's world is in the catalog after its recovery");
        assertEquals(6, count(data, "select count(*) from alp_dataset_case where dataset_id = '"
                + expected("replay.json").get("datasetId").asText() + "'"), "the session's cases are stored");
        JsonNode replay = Alp.run("replay", SESSION, "--json", "--data", data).assertOk().json();
        assertEquals(expected("replay.json"), replay, "replay after the resume");
    }

    private Path copyFixture() throws IOException {
        Path dir = tmp.resolve("data");
        Files.createDirectories(dir);
        try (InputStream in = getClass().getResourceAsStream("/journal-v1/alp.mv.db")) {
            Files.copy(in, dir.resolve("alp.mv.db"));
        }
        return dir;
    }

    private static JsonNode expected(String name) throws IOException {
        try (InputStream in = OldJournalTest.class.getResourceAsStream("/journal-v1/" + name)) {
            return Alp.JSON.readTree(in);
        }
    }

    private static Connection connect(String data) throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + Path.of(data).toAbsolutePath().resolve("alp")
                + ";DATABASE_TO_UPPER=false", "sa", "");
    }

    private static boolean hasTable(String data, String table) throws SQLException {
        try (Connection c = connect(data);
             ResultSet rs = c.getMetaData().getTables(null, null, table, null)) {
            return rs.next();
        }
    }

    private static long count(String data, String sql) throws SQLException {
        try (Connection c = connect(data); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
