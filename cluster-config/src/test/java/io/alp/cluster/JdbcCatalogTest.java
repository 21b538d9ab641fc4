package io.alp.cluster;

import io.alp.engine.model.Case;
import io.alp.engine.model.Dataset;
import io.alp.engine.model.WorldSpec;
import io.alp.engine.testkit.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The catalog every node resolves references through, on the embedded H2 and on PostgreSQL. */
class JdbcCatalogTest {

    @TempDir
    Path tmp;

    private static final WorldSpec WORLD = new WorldSpec("sim", "support", "models:\n  - name: m\n",
            Map.of("seed", "3"));
    private static final Dataset CASES = Dataset.freeze("test", List.of(new Case("c1", "first", Map.of("k", "v")),
            new Case("c2", "second", Map.of())));

    @Test
    void storesWorldsAndDatasetsOnceAndAnotherCatalogReadsThemBack() {
        check(NodeSettings.embedded(tmp));
    }

    @Test
    void onPostgresqlInTheUrlsSchema() throws Exception {
        assumeTrue(TestPostgres.available(), "no PostgreSQL on " + TestPostgres.URL);
        String schema = TestPostgres.createSchema();
        try {
            check(NodeSettings.database(TestPostgres.url(schema), TestPostgres.USER, ""));
        } finally {
            TestPostgres.dropSchema(schema);
        }
    }

    private static void check(NodeSettings settings) {
        JdbcCatalog writer = new JdbcCatalog(settings);
        String hash = WORLD.ref().hash();
        assertTrue(writer.world(hash).isEmpty(), "nothing stored yet");
        assertTrue(writer.dataset(CASES.id()).isEmpty(), "nothing stored yet");

        writer.putWorld(WORLD);
        writer.putWorld(WORLD); // idempotent: a second session on the same world
        writer.putDataset(CASES);
        writer.putDataset(CASES);

        JdbcCatalog reader = new JdbcCatalog(settings); // another node
        assertEquals(WORLD, reader.world(hash).orElseThrow());
        assertEquals(CASES.cases(), reader.dataset(CASES.id()).orElseThrow().cases());
        WorldSpec other = new WorldSpec("sim", "support", WORLD.definition(), Map.of("seed", "4"));
        assertNotEquals(hash, other.ref().hash(), "settings are part of the world's identity");
        assertTrue(reader.world(other.ref().hash()).isEmpty());
    }
}
