package io.alp.actors.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alp.actors.session.SessionActor;
import io.alp.actors.session.SessionSpec;
import io.alp.engine.frontier.FrontierTracker;
import io.alp.engine.model.Dataset;
import io.alp.engine.model.DatasetRef;
import io.alp.engine.model.WorldSpec;
import io.alp.engine.search.OptimizerConfig;
import io.alp.engine.search.SearchConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Journal rows of earlier event shapes read as the current events, through the serializer that reads the journal. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JournalMigrationsTest {

    private static final String SESSION_STARTED = SessionActor.SessionStarted.class.getName();

    private StoredRows stored;

    @BeforeAll
    void start() {
        stored = new StoredRows("journal-migrations");
    }

    @AfterAll
    void stop() {
        stored.close();
    }

    /** {@code session-started-v2.json}: a SessionStarted as the build before the budget moved wrote it. */
    @Test
    void aVersion2SessionStartedReadsWithItsBudgetAndSearchInTheOptimizerConfig() throws IOException {
        JsonNode row = StoredRows.fixture("session-started-v2.json");
        Object event = stored.read(row, SESSION_STARTED + "#2");

        SessionSpec spec = ((SessionActor.SessionStarted) event).spec();
        assertEquals(new OptimizerConfig(new SearchConfig(3, 2, 40, 3000, 3, true, true), 4.0), spec.optimizer());
        assertEquals("support-1", spec.id());
        assertEquals(6, spec.datasetSize());
        assertEquals("3", spec.world().setting("judge.samples", null));
    }

    @Test
    void aVersion1SessionStartedReadsAsTheLegacyRecordWithTheCurrentSpec() throws IOException {
        ObjectNode row = (ObjectNode) StoredRows.fixture("session-started-v2.json");
        row.set("dataset", StoredRows.CBOR.valueToTree(Dataset.freeze("support", List.of())));
        Object event = stored.read(row, SESSION_STARTED);

        assertTrue(event instanceof LegacyEvents.SessionStartedV1, event.getClass().getName());
        assertEquals(4.0, ((LegacyEvents.SessionStartedV1) event).spec().optimizer().budgetUsd());
    }

    @Test
    void aCurrentSessionStartedRoundTrips() {
        SessionSpec spec = new SessionSpec("s", "round trip",
                new WorldSpec("sim", "support", "", Map.of()), 5, 2,
                new OptimizerConfig(SearchConfig.defaults().withStaged(false), 12.5));
        var started = new SessionActor.SessionStarted(spec, new DatasetRef("ds", "h", "x", 5),
                "support", true, 0.5, 0.1, FrontierTracker.RULES);
        assertEquals(SESSION_STARTED + "#3", stored.manifestOf(started));
        assertEquals(started, stored.roundTrip(started));
    }

    /** A version 3 row written before sessions recorded their frontier rules reads with none (null). */
    @Test
    void aSessionStartedWrittenBeforeFrontierRulesReadsWithNone() throws IOException {
        SessionSpec spec = new SessionSpec("s", "before rules", new WorldSpec("sim", "support", "", Map.of()), 5, 2,
                new OptimizerConfig(SearchConfig.defaults(), 12.5));
        ObjectNode row = StoredRows.CBOR.valueToTree(new SessionActor.SessionStarted(spec,
                new DatasetRef("ds", "h", "x", 5), "support", true, 0.5, 0.1, FrontierTracker.RULES));
        row.remove("frontierRules");

        var event = (SessionActor.SessionStarted) stored.read(row, SESSION_STARTED + "#3");

        assertNull(event.frontierRules());
        assertEquals(spec, event.spec());
    }


}
