package io.alp.app;

import io.alp.engine.testkit.TestPostgres;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.alp.app.Alp.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every command that touches the database, on PostgreSQL through {@code --db-url} instead of {@code --data}: a
 * session run in this process, read back by the reading commands, datasets, and the same exit codes as on the
 * embedded database (an unknown id exits 2, bad options exit 1).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedDatabaseTest {

    @TempDir
    static Path tmp;

    private String schema;
    private String emptySchema;
    private String id;

    @BeforeAll
    void runASessionOnPostgres() throws Exception {
        assumeTrue(TestPostgres.available(), "no PostgreSQL on " + TestPostgres.URL);
        schema = TestPostgres.createSchema();
        emptySchema = TestPostgres.createSchema();
        Alp.Result demo = Alp.run(db(schema, "demo", "--world", "support", "--cases", "12", "--budget", "40",
                "--json", "--report", tmp.resolve("demo.html").toString())).assertOk().assertNoStackTrace();
        id = field(demo.json(), "id").asText();
    }

    @AfterAll
    void dropSchemas() {
        TestPostgres.dropSchema(schema);
        TestPostgres.dropSchema(emptySchema);
    }

    /** The command with --db-url on {@code schema} and --db-user. */
    private static String[] db(String schema, String... args) {
        return Stream.concat(Stream.of(args), Stream.of("--db-url", TestPostgres.url(schema), "--db-user",
                TestPostgres.USER)).toArray(String[]::new);
    }

    @Test
    void theJournalIsInTheSchemaTheUrlNames() throws Exception {
        for (String table : List.of("event_journal", "event_tag", "snapshot")) {
            assertTrue(TestPostgres.hasTable(schema, table), table + " in " + schema);
        }
    }

    @Test
    void theReadingCommandsReadTheSessionFromPostgres() {
        JsonNode sessions = Alp.run(db(schema, "sessions", "--json")).assertOk().json();
        assertEquals(1, sessions.size(), sessions::toString);
        assertEquals(id, field(sessions.get(0), "id").asText());
        assertEquals("stopped", field(sessions.get(0), "status").asText());

        JsonNode show = Alp.run(db(schema, "show", id, "--json")).assertOk().json();
        assertEquals("stopped", field(show, "status").asText());
        JsonNode tree = Alp.run(db(schema, "tree", id, "--json")).assertOk().json();
        assertEquals(field(show, "nodes").asInt(), tree.size());
        JsonNode replay = Alp.run(db(schema, "replay", id, "--json")).assertOk().json();
        assertTrue(field(field(replay, "replay"), "discrepancies").isEmpty(), replay::toString);
        assertEquals(field(show, "spentUsd"), field(replay, "spentUsd"));
    }

    @Test
    void stoppingOrResumingAFinishedSessionChangesNothing() {
        Alp.Result stop = Alp.run(db(schema, "stop", id)).assertOk().assertNoStackTrace();
        assertTrue(stop.out().startsWith("session " + id + " had already stopped"), stop::describe);
        Alp.run(db(schema, "resume", id, "--report", tmp.resolve("resume.html").toString())).assertOk();
        assertEquals(field(Alp.run(db(schema, "show", id, "--json")).assertOk().json(), "spentUsd"),
                field(Alp.run(db(schema, "replay", id, "--json")).assertOk().json(), "spentUsd"));
    }

    @Test
    void anUnknownIdExits2WithOrWithoutAJournal() {
        for (String s : new String[]{schema, emptySchema}) {
            for (String command : new String[]{"show", "tree", "replay", "stop"}) {
                Alp.Result r = Alp.run(db(s, command, "nope"));
                r.assertExit(2).assertNoStackTrace();
                assertEquals("", r.out(), r::describe);
            }
            Alp.Result resume = Alp.run(db(s, "resume", "nope", "--report", tmp.resolve("r.html").toString()));
            resume.assertExit(2).assertNoStackTrace();
            Alp.run(db(s, "dataset", "show", "ds-nope")).assertExit(2).assertNoStackTrace();
        }
        Alp.Result r = Alp.run(db(emptySchema, "show", "nope"));
        assertTrue(r.err().contains("no ALP journal in the database " + TestPostgres.url(emptySchema)), r::describe);
    }

    @Test
    void anEmptySchemaListsNothingAndReadingCreatesNoTable() throws Exception {
        assertEquals(0, Alp.run(db(emptySchema, "sessions", "--json")).assertOk().json().size());
        assertEquals(0, Alp.run(db(emptySchema, "dataset", "list", "--json")).assertOk().json().size());
        assertFalse(TestPostgres.hasTable(emptySchema, "event_journal"));
        assertFalse(TestPostgres.hasTable(emptySchema, "alp_dataset"));
    }

    @Test
    void datasetsAreFrozenAndReadOnPostgres() throws IOException {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            log.append(String.format("{\"id\":\"req-%02d\",\"timestamp\":\"%s\",\"input\":\"question %d\","
                    + "\"output\":\"ok\"}%n", i, Instant.now().minusSeconds(60L * i + 1), i));
        }
        Files.writeString(tmp.resolve("traffic.jsonl"), log, StandardCharsets.UTF_8);
        Path config = Files.writeString(tmp.resolve("sample.yaml"), """
                name: pg sample
                source: {kind: jsonl, path: traffic.jsonl}
                policy: {kind: improve, size: 8, seed: 1, window: {last: 7d}}
                """, StandardCharsets.UTF_8);
        JsonNode header = Alp.run(db(schema, "dataset", "sample", "--config", config.toString(), "--json"))
                .assertOk().json();
        String dataset = field(header, "id").asText();
        JsonNode list = Alp.run(db(schema, "dataset", "list", "--json")).assertOk().json();
        List<String> ids = new ArrayList<>();
        list.forEach(d -> ids.add(field(d, "id").asText()));
        assertTrue(ids.contains(dataset), list::toString);
        JsonNode shown = Alp.run(db(schema, "dataset", "show", dataset, "--json")).assertOk().json();
        assertEquals(8, field(shown, "cases").size());
    }

    @Test
    void databaseOptionsThatDoNotFitAreBadInput() throws IOException {
        Path session = Files.writeString(tmp.resolve("s.yaml"), """
                world: support
                dataset: {size: 5}
                optimizer: {budgetUsd: 10}
                """, StandardCharsets.UTF_8);
        String url = TestPostgres.url(schema);
        String report = tmp.resolve("bad.html").toString();
        String[][] cases = {
                {"sessions", "--data", tmp.resolve("d").toString(), "--db-url", url},
                {"sessions", "--db-user", "postgres"},
                {"sessions", "--db-password-env", "X"},
                {"sessions", "--db-url", url, "--db-password-env", "ALP_SURELY_UNSET_VARIABLE_42"},
                {"sessions", "--db-url", "jdbc:postgresql://127.0.0.1:5432/test?password=hunter2"},
                {"sessions", "--db-url", "jdbc:mysql://127.0.0.1/test"},
                {"sessions", "--db-url", "jdbc:postgresql://127.0.0.1:1/test"},
                {"run", session.toString(), "--detach", "--db-url", url, "--report", report},
                {"run", session.toString(), "--seeds", "127.0.0.1:2551", "--report", report},
                {"run", session.toString(), "--seeds", "127.0.0.1", "--db-url", url, "--report", report},
                {"stop", "x", "--seeds", "localhost:99999", "--db-url", url},
        };
        for (String[] args : cases) {
            Alp.Result r = Alp.run(args);
            r.assertExit(1).assertNoStackTrace();
            assertTrue(r.err().startsWith("alp: "), r::describe);
            assertFalse(r.err().contains("hunter2"), r::describe);
            assertEquals("", r.out(), r::describe);
        }
    }
}
