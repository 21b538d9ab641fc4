package io.alp.traffic.store;

import io.alp.engine.model.Case;
import io.alp.engine.model.Dataset;
import io.alp.engine.traffic.Request;
import io.alp.engine.testkit.TestPostgres;
import io.alp.traffic.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetStoreTest {

    @TempDir
    Path dir;

    private static Dataset dataset(String traceIdOfLast) {
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            cases.add(new Case("c" + i, "input " + i, Map.of("trace_id", i == 4 ? traceIdOfLast : "t" + i)));
        }
        return Dataset.freeze("test cases", cases);
    }

    private static List<Request> requests(Dataset d) {
        return d.cases().stream().map(c -> new Request(c.id(), c.attributes().get("trace_id"), null,
                Instant.parse("2026-11-01T00:00:00Z"), null, c.input(), "out", List.of("m"), 1, 1, null, null, false,
                List.of(), List.of(), Map.of())).toList();
    }

    private static void roundTrip(DatasetStore store) {
        Dataset d = dataset("t4");
        DatasetStore.Saved saved = store.save(d, "five", "improve: 5 cases", DatasetReport.none(), requests(d));
        assertTrue(saved.created());
        StoredDataset read = store.find(d.id()).orElseThrow();
        assertEquals(d, read.dataset());
        assertEquals(requests(d), read.cases().stream().map(StoredCase::request).toList());
        assertEquals("five", read.info().name());
        assertEquals(List.of(d.id()), store.list().stream().map(DatasetInfo::id).toList());
        assertFalse(store.save(d, "five again", "p", DatasetReport.none(), requests(d)).created());
        assertTrue(store.find("ds-nope").isEmpty());
    }

    /** A failure half-way through writing the cases (a trace id too long for its column) leaves nothing. */
    private static void aFailedSaveLeavesNothing(DatasetStore store) {
        Dataset bad = dataset("x".repeat(500));
        assertThrows(DatasetStoreException.class,
                () -> store.save(bad, "bad", "p", DatasetReport.none(), requests(bad)));
        assertTrue(store.find(bad.id()).isEmpty());
        assertEquals(1, store.list().size());
    }

    @Test
    void storesAndReadsBackOnH2() {
        DatasetStore store = DatasetStore.open(TestDatabases.h2(dir), "sa", "");
        roundTrip(store);
        aFailedSaveLeavesNothing(store);
    }

    @Test
    void storesAndReadsBackOnPostgres() throws Exception {
        String schema = TestPostgres.createSchema();
        String url = TestPostgres.url(schema);
        try {
            DatasetStore store = DatasetStore.open(url, TestPostgres.USER, "");
            roundTrip(store);
            aFailedSaveLeavesNothing(store);
            try (Connection c = DriverManager.getConnection(url, TestPostgres.USER, "");
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select count(*) from " + schema + ".alp_dataset_case")) {
                rs.next();
                assertEquals(5, rs.getInt(1));
            }
        } finally {
            TestPostgres.dropSchema(schema);
        }
    }

    @Test
    void anUnreachableDatabaseIsNamedWithoutItsPassword() {
        DatasetStoreException e = assertThrows(DatasetStoreException.class, () -> DatasetStore.open(
                "jdbc:postgresql://127.0.0.1:1/alp?user=alp&password=hunter2", "alp", "hunter2"));
        assertTrue(e.getMessage().contains("127.0.0.1:1/alp"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }
}
