package io.alp.cluster;

import io.alp.engine.testkit.TestPostgres;
import io.alp.actors.query.SessionReplay;
import io.alp.actors.session.SessionActor;
import io.alp.actors.session.SessionSpec;
import io.alp.actors.testkit.ToyWorld;
import io.alp.engine.report.SessionSummary;
import io.alp.engine.search.OptimizerConfig;
import io.alp.engine.search.SearchConfig;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The journal on PostgreSQL, in the schema the URL names (?currentSchema=...), not in public where the DDL that
 * pekko-persistence-jdbc bundles would put it.
 */
class PostgresJournalTest {

    private final List<String> schemas = new ArrayList<>();

    @BeforeEach
    void needsPostgres() {
        assumeTrue(TestPostgres.available(), "no PostgreSQL on " + TestPostgres.URL);
    }

    @AfterEach
    void dropSchemas() throws Exception {
        for (String s : schemas) {
            TestPostgres.dropSchema(s);
        }
    }

    private String schema(boolean create) throws Exception {
        String schema = TestPostgres.unique("alp_x");
        schemas.add(schema);
        if (create) {
            TestPostgres.execute("create schema " + schema);
        }
        return schema;
    }

    @Test
    void theTablesGoToTheCurrentSchemaAndCreatingThemAgainChangesNothing() throws Exception {
        String schema = schema(true);
        NodeSettings settings = NodeSettings.database(TestPostgres.url(schema), TestPostgres.USER, "");
        assertFalse(JournalSchema.exists(settings));
        JournalSchema.ensurePostgres(settings);
        for (String table : JournalSchema.TABLES) {
            assertTrue(TestPostgres.hasTable(schema, table), table + " in " + schema);
        }
        assertTrue(JournalSchema.exists(settings));
        JournalSchema.ensurePostgres(settings);
        assertTrue(JournalSchema.exists(settings));
    }

    @Test
    void aSchemaTheUrlNamesIsCreatedWhenMissing() throws Exception {
        String schema = schema(false);
        NodeSettings settings = NodeSettings.database(TestPostgres.url(schema), TestPostgres.USER, "");
        assertFalse(JournalSchema.exists(settings), "no schema, no journal");
        JournalSchema.ensurePostgres(settings);
        assertTrue(TestPostgres.hasTable(schema, "event_journal"));
    }

    @Test
    void nodesStartingAtOnceDoNotRaceOnTheDdl() throws Exception {
        String schema = schema(true);
        NodeSettings settings = NodeSettings.database(TestPostgres.url(schema), TestPostgres.USER, "");
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 4; i++) {
            Thread t = new Thread(() -> {
                try {
                    JournalSchema.ensurePostgres(settings);
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(60_000);
        }
        assertEquals(List.of(), failures);
        assertTrue(JournalSchema.exists(settings));
    }

    @Test
    void anUnreachableDatabaseFailsFastInOneLine() {
        NodeSettings settings = NodeSettings.database("jdbc:postgresql://127.0.0.1:1/test", "postgres", "secret");
        long start = System.nanoTime();
        NodeStartException e = assertThrows(NodeStartException.class,
                () -> AlpNode.start(settings, List.of(new ToyWorld())));
        assertTrue((System.nanoTime() - start) / 1e9 < 15, "took " + (System.nanoTime() - start) / 1e9 + " s");
        assertTrue(e.getMessage().startsWith("cannot open the database jdbc:postgresql://127.0.0.1:1/test: "),
                e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertFalse(e.getMessage().contains("secret"));
    }

    @Test
    void aSessionRunsOnPostgresAndItsSummaryCrossesTheWire() throws Exception {
        String schema = schema(true);
        NodeSettings settings = NodeSettings.database(TestPostgres.url(schema), TestPostgres.USER, "");
        SessionSpec spec = new SessionSpec("pg", "on postgres", ToyWorld.spec(0), 20, 5,
                new OptimizerConfig(new SearchConfig(3, 2, 4, 12, 3, true), 300));
        SessionSummary done;
        try (AlpNode node = AlpNode.start(settings, List.of(new ToyWorld()))) {
            var ref = SessionActor.ref(node.system(), "pg");
            ref.<SessionSummary>askWithStatus(r -> new SessionActor.Start(spec, r), AlpNode.askTimeout())
                    .toCompletableFuture().get();
            long deadline = System.currentTimeMillis() + 60_000;
            do {
                Thread.sleep(100);
                done = ref.askWithStatus(SessionActor.GetSummary::new, AlpNode.askTimeout()).toCompletableFuture()
                        .get();
            } while (SessionSummary.RUNNING.equals(done.status()) && System.currentTimeMillis() < deadline);
            assertEquals(SessionSummary.STOPPED, done.status());

            // the replies to a client on another node carry a SessionSummary: it must have a serializer
            var serialization = SerializationExtension.get(Adapter.toClassic(node.system()));
            var serializer = serialization.findSerializerFor(done);
            assertTrue(serializer.getClass().getSimpleName().contains("Jackson"), serializer.getClass().getName());
            byte[] bytes = serialization.serialize(done).get();
            Object back = serialization.deserialize(bytes, serializer.identifier(),
                    Serializers.manifestFor(serializer, done)).get();
            assertEquals(done, back);
        }
        assertTrue(TestPostgres.hasTable(schema, "event_journal"));
        try (JournalAccess access = JournalAccess.open(settings)) {
            assertEquals(List.of("pg"), access.reader().sessionIds().toCompletableFuture().get());
            var replay = SessionReplay.replay(access.reader(), "pg", Long.MAX_VALUE).toCompletableFuture().get()
                    .orElseThrow();
            assertEquals(List.of(), replay.discrepancies());
            assertEquals(done, replay.summary());
        }
    }
}
