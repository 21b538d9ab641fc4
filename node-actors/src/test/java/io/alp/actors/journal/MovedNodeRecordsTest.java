package io.alp.actors.journal;

import com.fasterxml.jackson.databind.JsonNode;
import io.alp.actors.node.NodeEvent;
import io.alp.actors.node.NodeSnapshot;
import io.alp.engine.frontier.Point;
import io.alp.engine.model.Case;
import io.alp.engine.model.Edit;
import io.alp.engine.model.EditClass;
import io.alp.engine.model.Outcome;
import io.alp.engine.model.Score;
import io.alp.engine.model.WorldRef;
import io.alp.engine.model.WorldSpec;
import io.alp.engine.search.Racing;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node's events and snapshots were nested in {@code NodeActor}; journal rows and snapshots saved under those names
 * read as the {@link NodeEvent} and {@link NodeSnapshot} records, through the serializer that reads the journal.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MovedNodeRecordsTest {

    private static final String OLD_PREFIX = "io.alp.actors.node.NodeActor$";
    private static final Outcome PASSED = new Outcome("c0", true, "ok", "out", 5, 7, 0.02, 0.001, 1);
    private static final Outcome FAILED = new Outcome("c1", false, "wrong", "out", 5, 7, 0.03, 0.001, 1);
    private static final Edit EDIT = Edit.of(EditClass.PROMPT, "brief", Map.of("clause", "brief"));

    private StoredRows stored;

    @BeforeAll
    void start() {
        stored = new StoredRows("moved-node-records");
    }

    @AfterAll
    void stop() {
        stored.close();
    }

    /** What {@code node-actor-rows.json} holds, in its order, as the records are named now. */
    private static List<Object> capturedRows() {
        var opened = new NodeEvent.Opened("s1", "n2", "n1", "k1", EDIT, new WorldRef("abc123", "toy", "toy"), "d1",
                true, 42, new Racing.Context(List.of(new Point.Simple(0.5, 0.02)), 0.4, 0.1, 0.05));
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        outcomes.put("c1", FAILED);
        outcomes.put("c0", PASSED);
        Score score = Score.of(outcomes.values());
        return List.of(opened,
                new NodeEvent.SourceMaterialized("k1,k2", 0.01, List.of()),
                new NodeEvent.EditFailed("conflict", 0.02),
                new NodeEvent.EvaluationGranted(0.5),
                new NodeEvent.EvaluationDenied("no money"),
                new NodeEvent.CaseRecorded(FAILED, 0.031),
                new NodeEvent.CasesRecorded(List.of(new NodeEvent.CaseRecorded(PASSED, 0),
                        new NodeEvent.CaseRecorded(FAILED, 0.031))),
                new NodeEvent.StageAdvanced(3, "won its race"),
                new NodeEvent.Rejected("lost its race"),
                new NodeEvent.Scored(score),
                new NodeEvent.Pruned("dominated"),
                new NodeSnapshot.Blank(),
                new NodeSnapshot.NodeState(opened, NodeSnapshot.Phase.SCORED, "k1,k2", 0.01, outcomes, 0.031, 3,
                        score, null, true, 0.5));
    }

    /** {@code node-actor-rows.json}: each kind of node row as the build before the move wrote it, with its manifest. */
    @Test
    void rowsSavedUnderNodeActorsNamesReadAsTheMovedRecords() throws IOException {
        List<Object> expected = capturedRows();
        JsonNode rows = StoredRows.fixture("node-actor-rows.json");
        assertEquals(expected.size(), rows.size(), "one row of each kind");
        for (int i = 0; i < rows.size(); i++) {
            String manifest = rows.get(i).get("manifest").asText();
            assertTrue(manifest.startsWith(OLD_PREFIX), manifest);
            Object read = stored.read(rows.get(i).get("row"), manifest);
            assertEquals(expected.get(i), read, manifest);
            assertEquals(expected.get(i).getClass().getSimpleName(), manifest.substring(OLD_PREFIX.length())
                    .replaceFirst("#.*", ""), "read as the record of the same name");
        }
    }

    @Test
    void aVersion1OpenedUnderNodeActorsNameStillReadsAsTheLegacyRecord() throws IOException {
        var v1 = new LegacyEvents.OpenedV1("s1", "n2", "n1", "k1", EDIT, new WorldSpec("sim", "support", "", Map.of()),
                List.of(new Case("c0", "hello", Map.of())), false, 0, Racing.Context.NONE);
        Object read = stored.read(StoredRows.CBOR.valueToTree(v1), OLD_PREFIX + "Opened");

        assertEquals(v1, assertInstanceOf(LegacyEvents.OpenedV1.class, read));
    }

    @Test
    void theMovedRecordsAreSavedUnderTheirNewNamesAndReadBack() {
        for (Object record : capturedRows()) {
            assertEquals(record.getClass().getName(), stored.manifestOf(record));
            assertEquals(record, stored.roundTrip(record));
        }
    }


}
