package io.alp.traffic;

import io.alp.engine.dataset.Redactor;
import io.alp.engine.dataset.SamplingPolicy;
import io.alp.engine.dataset.TimeWindow;
import io.alp.engine.traffic.Feedback;
import io.alp.engine.traffic.FeedbackRules;
import io.alp.engine.traffic.ReadReport;
import io.alp.engine.traffic.Skipped;
import io.alp.engine.traffic.Request;
import io.alp.traffic.store.DatasetStore;
import io.alp.traffic.store.StoredDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetFreezerTest {

    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    private static final TimeWindow WEEK = new TimeWindow(NOW.minus(Duration.ofDays(7)), NOW);

    @TempDir
    Path dir;

    private static List<Request> traffic(int n) {
        List<Request> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Instant at = NOW.minus(Duration.ofMinutes(7L * i + 1));
            all.add(new Request("req-" + i, "trace" + i, "span" + i, at, at,
                    "Hi, I am user" + i + "@example.com; where is order " + i + "?", "It ships tomorrow, user" + i
                    + "@example.com", List.of("gpt-4o-mini"), 120, 30, 0.0004, "conv-" + i, i % 9 == 0,
                    List.of(new Feedback("thumbs", i % 4 == 0 ? 0.0 : 1.0, null, "call me on +1 415 555 0100")),
                    List.of(), Map.of("route", i % 3 == 0 ? "billing" : "shipping")));
        }
        return all;
    }

    private DatasetStore store() {
        return DatasetStore.open(TestDatabases.h2(dir), "sa", "");
    }

    @Test
    void redactsBeforeAnythingIsStored() throws Exception {
        DatasetStore store = store();
        Redactor redactor = new Redactor(List.of(Redactor.builtIn("email"), Redactor.builtIn("phone")));
        DatasetFreezer.Frozen frozen = new DatasetFreezer(store).freeze("support-nov", new ListSource(traffic(200)),
                new SamplingPolicy.Improve(40, 3, WEEK, "route"), redactor, NOW);
        assertEquals(40, frozen.dataset().cases().size());
        int rows = 0;
        try (Connection c = DriverManager.getConnection(TestDatabases.h2(dir), "sa", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select input, attributes, request, trace_id from alp_dataset_case")) {
            while (rs.next()) {
                rows++;
                String row = rs.getString(1) + rs.getString(2) + rs.getString(3);
                assertFalse(row.contains("@example.com"), row);
                assertFalse(row.contains("555 0100"), row);
                assertTrue(rs.getString(1).contains("[EMAIL]"));
                assertTrue(rs.getString(4).startsWith("trace"));
            }
        }
        assertEquals(40, rows);
        assertTrue(frozen.dataset().info().policy().contains("redacted: email, phone"));
    }

    @Test
    void theSameSampleIsStoredOnceAndADifferentSeedIsANewDataset() {
        DatasetStore store = store();
        DatasetFreezer freezer = new DatasetFreezer(store);
        SamplingPolicy policy = new SamplingPolicy.Improve(30, 1, WEEK, null);
        DatasetFreezer.Frozen first = freezer.freeze("a", new ListSource(traffic(100)), policy, Redactor.NONE, NOW);
        DatasetFreezer.Frozen again = freezer.freeze("a", new ListSource(traffic(100)), policy, Redactor.NONE, NOW);
        assertTrue(first.created());
        assertFalse(again.created());
        assertEquals(first.dataset().info().id(), again.dataset().info().id());
        DatasetFreezer.Frozen other = freezer.freeze("b", new ListSource(traffic(100)),
                new SamplingPolicy.Improve(30, 2, WEEK, null), Redactor.NONE, NOW);
        assertNotEquals(first.dataset().info().id(), other.dataset().info().id());
        assertEquals(2, store.list().size());
        StoredDataset read = store.find(first.dataset().info().id()).orElseThrow();
        assertEquals(first.dataset().dataset(), read.dataset());
        assertEquals(first.dataset().cases().get(0).request(), read.cases().get(0).request());
    }

    @Test
    void aRegressionReusesItsDatasetAndTopsUpWithFreshInputs() {
        DatasetStore store = store();
        DatasetFreezer freezer = new DatasetFreezer(store);
        StoredDataset base = freezer.freeze("base", new ListSource(traffic(60)),
                new SamplingPolicy.Improve(20, 1, WEEK, null), Redactor.NONE, NOW).dataset();
        String id = base.info().id();
        DatasetFreezer.Frozen reused = freezer.freeze("r", null, new SamplingPolicy.Regression(id, 0, 1, WEEK, null),
                Redactor.NONE, NOW);
        assertEquals(id, reused.dataset().info().id());
        DatasetFreezer.Frozen topped = freezer.freeze("r", new ListSource(traffic(60)),
                new SamplingPolicy.Regression(id, 10, 4, WEEK, null), Redactor.NONE, NOW);
        assertEquals(30, topped.dataset().cases().size());
        assertEquals(base.cases().stream().map(c -> c.c().id()).toList(),
                topped.dataset().cases().subList(0, 20).stream().map(c -> c.c().id()).toList());
        assertEquals(30, topped.dataset().cases().stream().map(c -> c.c().input()).distinct().count());
        assertEquals(id, topped.dataset().info().report().baseDataset());
        assertEquals(20, topped.dataset().info().report().excluded());
    }

    @Test
    void nothingIsStoredWhenNoRequestFits() {
        DatasetStore store = store();
        DatasetFreezer freezer = new DatasetFreezer(store);
        TimeWindow longAgo = new TimeWindow(Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2020-02-01T00:00:00Z"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> freezer.freeze("x",
                new ListSource(traffic(50)), new SamplingPolicy.Improve(10, 1, longAgo, null), Redactor.NONE, NOW));
        assertTrue(e.getMessage().contains("50 outside the window"), e.getMessage());
        assertEquals(List.of(), store.list());
        e = assertThrows(IllegalArgumentException.class, () -> freezer.freeze("x", null,
                new SamplingPolicy.Regression("ds-missing", 0, 1, WEEK, null), Redactor.NONE, NOW));
        assertTrue(e.getMessage().contains("no frozen dataset ds-missing"), e.getMessage());
    }

    @Test
    void emptyInputsAndRepeatedInputsAreCountedWithAnExampleAndTheRunsOwnReportIsReturned() {
        DatasetFreezer freezer = new DatasetFreezer(store());
        List<Request> requests = new ArrayList<>(traffic(20));
        Request same = traffic(1).get(0);
        for (int i = 0; i < 2; i++) {
            requests.add(new Request("again-" + i, "t-again-" + i, null, same.start(), same.end(), same.input(), "x",
                    List.of(), 0, 0, null, null, false, List.of(), List.of(), Map.of()));
        }
        requests.add(new Request("blank", "t-blank", null, NOW, NOW, "  ", null, List.of(), 0, 0, null, null, false,
                List.of(), List.of(), Map.of()));
        SamplingPolicy policy = new SamplingPolicy.Improve(50, 1, WEEK, null);
        DatasetFreezer.Frozen first = freezer.freeze("a", new ListSource(requests), policy, Redactor.NONE, NOW);

        assertEquals(20, first.dataset().info().size());
        Skipped blank = first.report().skipped().get(ReadReport.EMPTY_INPUT);
        assertEquals(1, blank.count());
        assertEquals("request blank", blank.example().location());
        Skipped repeated = first.report().skipped().get(ReadReport.DUPLICATE_INPUT);
        assertEquals(2, repeated.count());
        assertTrue(repeated.example().message().contains("repeats the input of request"), repeated.example()::toString);

        DatasetFreezer.Frozen again = freezer.freeze("a", new ListSource(traffic(20)), policy, Redactor.NONE, NOW);
        assertFalse(again.created());
        assertEquals(Map.of(), again.report().skipped(), "this run's report, not the stored one");
        assertEquals(1, again.dataset().info().report().skipped().get(ReadReport.EMPTY_INPUT).count());
    }

    @Test
    void feedbackRulesDecideWhichScoresAreFailuresForTheDebugPolicy() {
        DatasetFreezer freezer = new DatasetFreezer(store());
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            requests.add(new Request("r" + i, "t" + i, null, NOW.minusSeconds(60 + i), NOW, "question " + i, "a",
                    List.of(), 0, 0, null, null, false, List.of(new Feedback("toxicity", i == 3 ? 0.9 : 0.0, null, null)),
                    List.of(), Map.of()));
        }
        SamplingPolicy.Debug debug = new SamplingPolicy.Debug(1, 1, WEEK, null, Duration.ofDays(2));
        FeedbackRules rules = new FeedbackRules(Map.of("toxicity",
                new FeedbackRules.Rule(FeedbackRules.Better.LOWER, 0.5)));
        DatasetFreezer.Frozen frozen = freezer.freeze("d", new ListSource(requests), debug, Redactor.NONE, rules, NOW);
        assertEquals(List.of("r3"), frozen.dataset().cases().stream().map(c -> c.c().id()).toList());
        assertEquals(Map.of("failures", 1L, "others", 9L), frozen.report().available());

        DatasetFreezer.Frozen unjudged = freezer.freeze("d", new ListSource(requests), debug, Redactor.NONE, NOW);
        assertEquals(Map.of("failures", 0L, "others", 10L), unjudged.report().available(),
                "toxicity 0 is not a failure, nor is any bare number without a rule");
    }
}
