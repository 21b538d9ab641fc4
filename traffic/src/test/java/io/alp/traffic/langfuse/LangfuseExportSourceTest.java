package io.alp.traffic.langfuse;

import io.alp.engine.traffic.Feedback;
import io.alp.engine.traffic.LlmCall;
import io.alp.engine.traffic.Problem;
import io.alp.engine.traffic.ReadReport;
import io.alp.engine.traffic.Request;
import io.alp.engine.traffic.TrafficFormatException;
import io.alp.traffic.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LangfuseExportSourceTest {

    @TempDir
    Path dir;

    private final List<Request> requests = new ArrayList<>();

    private ReadReport read(Path file) {
        return new LangfuseExportSource(file).read(requests::add);
    }

    @Test
    void readsAnApiPageOneRequestPerTrace() {
        ReadReport report = read(TestFiles.resource("langfuse/traces-page.json"));

        assertEquals(3, report.records());
        assertEquals(3, report.requests());
        assertEquals(0, report.malformed());
        assertEquals(List.of("7f3c1a2e-91d4-4b1e-a0c5-2d9e6b1f0a11", "a91e44b0-5c2f-4f8e-9d1a-7b3c0e2f9d22",
                "c3d2e1f0-0a9b-4c8d-8e7f-6a5b4c3d2e33"), requests.stream().map(Request::id).toList());
    }

    @Test
    void mapsATraceWithNestedObservationsAndItsScore() {
        read(TestFiles.resource("langfuse/traces-page.json"));
        Request r = requests.get(0);

        assertEquals(r.id(), r.traceId());
        assertEquals("Where is my order #4521? It was due yesterday.", r.input());
        assertEquals("Your order #4521 left our warehouse this morning and should arrive tomorrow.", r.output());
        assertEquals(Instant.parse("2025-03-04T10:15:02.120Z"), r.start());
        assertEquals(Instant.parse("2025-03-04T10:15:05.532Z"), r.end(), "the last observation's end");
        assertEquals(List.of(
                new LlmCall("obs-a1", "chat", null, "gpt-4o-mini", 820, 45, 0, 0.00015),
                new LlmCall("obs-a2", "chat", null, "gpt-4o", 1200, 60, 400, 0.0031)), r.calls(),
                "one call per generation, by start time; cached input counted as input");
        assertEquals(List.of("gpt-4o-mini", "gpt-4o"), r.models());
        assertEquals(2020, r.inputTokens());
        assertEquals(105, r.outputTokens());
        assertEquals(0.00345, r.costUsd(), "the trace's own total wins");
        assertEquals("sess-77", r.conversationId());
        assertFalse(r.error());
        assertEquals(List.of(new Feedback("user-feedback", 1.0, null, "quick answer, thanks")), r.feedback());
        assertFalse(r.hasNegativeFeedback());
        assertEquals(Map.of("name", "support-agent", "userId", "user-1204", "release", "2025.03.1",
                "version", "v7", "environment", "production", "tags", "prod,orders",
                "metadata.route", "orders", "metadata.plan", "pro"), r.attributes());
    }

    @Test
    void mapsMessagesErrorsCacheReadsAndNegativeFeedback() {
        read(TestFiles.resource("langfuse/traces-page.json"));
        Request r = requests.get(1);

        assertEquals("The add-on, please.", r.input(), "the last user message");
        assertEquals("Done: your Pro plan is cancelled.", r.output());
        assertTrue(r.error(), "a tool observation has level ERROR");
        LlmCall plan = r.calls().get(0);
        assertEquals(2700, plan.inputTokens(), "input, cache reads and cache writes are all input");
        assertEquals(1000, plan.cacheReadTokens());
        assertEquals(0.00405, plan.costUsd(), 1e-12, "costDetails without total are summed");
        assertEquals(4800, r.inputTokens());
        assertEquals(115, r.outputTokens());
        assertEquals(0.00585, r.costUsd(), 1e-12, "no trace total: the sum of the generations' costs");
        assertEquals(List.of("claude-3-5-sonnet-20241022", "claude-3-5-haiku-20241022"), r.models());
        assertTrue(r.hasNegativeFeedback());
        assertEquals(new Feedback("helpfulness", 0.0, "unhelpful",
                "The agent cancelled the Pro plan although the user asked for the add-on."), r.feedback().get(1));
        assertEquals(Map.of("name", "support-agent", "userId", "user-3310", "environment", "production"),
                r.attributes());
    }

    @Test
    void readsATraceWhoseObservationsAndScoresAreIds() {
        read(TestFiles.resource("langfuse/traces-page.json"));
        Request r = requests.get(2);

        assertEquals("What is your refund policy?", r.input(), "the question of an object input, as text");
        assertTrue(r.calls().isEmpty());
        assertEquals(0.0012, r.costUsd());
        assertEquals(Instant.parse("2025-03-04T10:20:12.750Z"), r.end(), "start plus latency");
        assertTrue(r.feedback().isEmpty());
        assertNull(r.conversationId());
        assertEquals(Map.of("name", "faq-agent", "tags", "faq"), r.attributes());
    }

    @Test
    void readsAJsonArrayExportFallingBackToTheGenerationsForInputAndOutput() {
        ReadReport report = read(TestFiles.resource("langfuse/export.json"));

        assertEquals(3, report.records());
        assertEquals(2, report.requests());
        assertEquals(List.of(new Problem("export.json line 40 (trace 2)",
                "timestamp must be an ISO-8601 time such as 2025-03-01T12:00:00Z, got \"yesterday\"")),
                report.problems());

        Request summary = requests.get(0);
        assertEquals("Summarise this ticket: the printer on floor 2 keeps jamming on tray 2 since Tuesday's "
                + "firmware update.", summary.input(), "the first generation's last user message");
        assertEquals("Printer on floor 2 jams on tray 2 since the firmware update.", summary.output(),
                "the last generation's output");
        assertEquals(430, summary.inputTokens(), "usage input and the older promptTokens");
        assertEquals(36, summary.outputTokens());
        assertNull(summary.costUsd(), "no cost anywhere");
        assertEquals("ticket-88", summary.conversationId());

        Request withEmbedding = requests.get(1);
        assertEquals(List.of("embeddings", "chat"), withEmbedding.calls().stream().map(LlmCall::operation).toList());
        assertEquals(List.of("text-embedding-3-small", "gpt-4o-mini"), withEmbedding.models());
        assertEquals(0.0000367, withEmbedding.costUsd(), 1e-12);
        assertTrue(withEmbedding.hasNegativeFeedback(), "a BOOLEAN score False");
    }

    @Test
    void readsJsonLinesOfTracesAndPagesSkippingBadLines() {
        ReadReport report = read(TestFiles.resource("langfuse/traces.jsonl"));

        assertEquals(List.of("t-3001", "t-3003", "t-3004", "t-3005"), requests.stream().map(Request::id).toList());
        assertEquals(6, report.records());
        assertEquals(2, report.malformed());
        assertEquals("traces.jsonl line 2", report.problems().get(0).location());
        assertTrue(report.problems().get(0).message().startsWith("not JSON"), report.problems().get(0).message());
        assertEquals(new Problem("traces.jsonl line 6", "id is missing or null"), report.problems().get(1));
        assertEquals(30, requests.get(0).inputTokens());
        assertTrue(requests.get(1).hasNegativeFeedback(), "a CATEGORICAL thumbs_down");
    }

    @Test
    void readsASingleTraceObject() {
        Path file = TestFiles.write(dir, "trace.json",
                "{",
                "  \"id\": \"t-1\",",
                "  \"input\": {\"messages\": [{\"role\": \"user\", \"content\": \"hello\"}]},",
                "  \"observations\": []",
                "}");

        ReadReport report = read(file);

        assertEquals(1, report.requests());
        assertEquals("hello", requests.get(0).input());
    }

    @Test
    void refusesOtlpTraces() {
        String span = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"5b8e\",\"spanId\":\"eee1\"}]}]}]}";
        Path file = TestFiles.write(dir, "spans.jsonl", span, span, span, span);

        TrafficFormatException e = assertThrows(TrafficFormatException.class, () -> read(file));

        assertEquals("spans.jsonl is not a Langfuse trace export: its first 3 records look like OTLP/JSON traces "
                + "(resourceSpans)", e.getMessage());
    }

    @Test
    void refusesAlpJsonl() {
        Path file = TestFiles.write(dir, "requests.jsonl",
                "{\"id\": \"r-1\", \"input\": \"hi\", \"input_tokens\": 10, \"cost_usd\": 0.1}",
                "{\"id\": \"r-2\", \"input\": \"ho\", \"conversation_id\": \"c\"}");

        TrafficFormatException e = assertThrows(TrafficFormatException.class, () -> read(file));

        assertEquals("requests.jsonl is not a Langfuse trace export: all its 2 records look like an ALP JSONL "
                + "request", e.getMessage());
    }

    @Test
    void anObservationsPageIsGatheredByTraceAndATraceWithoutInputIsMalformed() {
        Path file = TestFiles.write(dir, "observations.json",
                "{\"data\": [",
                "  {\"id\": \"o-1\", \"traceId\": \"t-1\", \"type\": \"GENERATION\", \"model\": \"gpt-4o\"}",
                "], \"meta\": {\"page\": 1}}");

        ReadReport report = read(file);

        assertEquals(1, report.malformed());
        assertTrue(report.problems().get(0).message().contains("input is missing"), report::toString);
    }

    @Test
    void refusesTextThatIsNotJson() {
        Path file = TestFiles.write(dir, "traces.csv", "id,input", "1,hello", "2,bye");

        TrafficFormatException e = assertThrows(TrafficFormatException.class, () -> read(file));

        assertEquals("traces.csv is not a Langfuse trace export: its first 3 records look like text that is not "
                + "JSON", e.getMessage());
    }

    @Test
    void refusesADocumentBrokenBeforeAnyTrace() {
        Path file = TestFiles.write(dir, "broken.json", "[", "  {\"id\": \"t-1\", \"input\": \"hi\",,}", "]");

        TrafficFormatException e = assertThrows(TrafficFormatException.class, () -> read(file));

        assertTrue(e.getMessage().startsWith("broken.json is not valid JSON at broken.json line 2: "),
                e.getMessage());
    }

    @Test
    void aMissingFileIsAFormatError() {
        TrafficFormatException e = assertThrows(TrafficFormatException.class, () -> read(dir.resolve("no.json")));

        assertTrue(e.getMessage().contains("no.json"), e.getMessage());
    }

    @Test
    void anEmptyFileHasNoRequests() {
        ReadReport report = read(TestFiles.write(dir, "empty.json", ""));

        assertEquals(0, report.records());
        assertTrue(requests.isEmpty());
    }

    /**
     * A trace as the Langfuse UI's "download trace" writes it, {trace, observations}, pretty-printed; written by hand
     * after that shape (no Langfuse server could run here), with a workflow input holding no text.
     */
    @Test
    void readsAUiDownloadWithTheUserMessageTheFinalAnswerAndEveryGeneration() {
        ReadReport report = read(TestFiles.resource("langfuse/ui-download-trace.json"));
        assertEquals(0, report.malformed(), report::toString);
        Request r = requests.get(0);
        assertEquals("7d1c0b6e-2f7a-4c55-9a61-0d1f4f3e1a01", r.id());
        assertEquals("My invoice shows a late fee I already paid.", r.input());
        assertEquals("You paid on time; I removed the late fee.", r.output());
        assertEquals(2, r.calls().size());
        assertEquals(270, r.inputTokens());
        assertEquals(35, r.outputTokens());
        assertEquals("sess-91", r.conversationId());
        assertEquals(List.of("toxicity", "user-feedback"), r.feedback().stream().map(f -> f.name()).toList());
    }

    @Test
    void readsObservationsGivenOneByOneAsOneRequestPerTrace() {
        Path file = TestFiles.write(dir, "observations.jsonl",
                "{\"id\":\"o1\",\"traceId\":\"t-1\",\"type\":\"GENERATION\",\"model\":\"gpt-4o\","
                        + "\"startTime\":\"2026-11-20T10:00:00Z\",\"input\":[{\"role\":\"user\",\"content\":\"first\"}],"
                        + "\"output\":\"one\",\"usageDetails\":{\"input\":10,\"output\":2}}",
                "{\"id\":\"o2\",\"traceId\":\"t-2\",\"type\":\"GENERATION\",\"model\":\"gpt-4o\","
                        + "\"startTime\":\"2026-11-20T10:00:01Z\",\"input\":\"second\",\"output\":\"two\","
                        + "\"usageDetails\":{\"input\":7,\"output\":1}}",
                "{\"id\":\"o3\",\"traceId\":\"t-1\",\"type\":\"GENERATION\",\"model\":\"gpt-4o\","
                        + "\"startTime\":\"2026-11-20T10:00:02Z\",\"input\":[{\"role\":\"user\",\"content\":\"first\"}],"
                        + "\"output\":\"one, finally\",\"usageDetails\":{\"input\":20,\"output\":4}}");
        ReadReport report = read(file);
        assertEquals(0, report.malformed(), report::toString);
        assertEquals(List.of("t-1", "t-2"), requests.stream().map(Request::id).toList());
        Request first = requests.get(0);
        assertEquals("first", first.input());
        assertEquals("one, finally", first.output());
        assertEquals(30, first.inputTokens());
        assertEquals(2, first.calls().size());
    }

    @Test
    void aGenerationWrappingAnotherIsOneCallAndAWrapperOverSeveralAddsNothing() {
        String gen = "{\"id\":\"%s\",\"parentObservationId\":%s,\"type\":\"GENERATION\",\"model\":\"gpt-4o\","
                + "\"startTime\":\"2026-11-20T10:00:0%dZ\",\"input\":\"q\",\"output\":\"a\","
                + "\"usageDetails\":{\"input\":%d,\"output\":%d}}";
        Path file = TestFiles.write(dir, "nested.json", "{\"trace\": {\"id\": \"t-1\", \"input\": \"q\"}, "
                + "\"observations\": [" + String.join(",",
                String.format(gen, "outer", "null", 0, 12, 9), String.format(gen, "inner", "\"outer\"", 1, 12, 9),
                String.format(gen, "loop", "null", 2, 30, 6), String.format(gen, "step1", "\"loop\"", 3, 10, 2),
                String.format(gen, "step2", "\"loop\"", 4, 20, 4)) + "]}");
        read(file);
        Request r = requests.get(0);
        assertEquals(List.of("inner", "step1", "step2"), r.calls().stream().map(c -> c.spanId()).toList());
        assertEquals(42, r.inputTokens());
        assertEquals(15, r.outputTokens());
    }
}
