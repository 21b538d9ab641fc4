package io.alp.traffic.jsonl;

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

class JsonlRequestSourceTest {

    private static final String OTLP_LINE = "{\"resourceSpans\":[{\"resource\":{\"attributes\":[]},\"scopeSpans\":"
            + "[{\"spans\":[{\"traceId\":\"5b8efff798038103d269b633813fc60c\",\"spanId\":\"eee19b7ec3c1b174\","
            + "\"name\":\"chat gpt-4o\",\"startTimeUnixNano\":\"1544712660000000000\"}]}]}]}";

    @TempDir
    Path dir;

    private final List<Request> requests = new ArrayList<>();

    private ReadReport read(Path file) {
        return new JsonlRequestSource(file).read(requests::add);
    }

    @Test
    void readsTheGoodLinesAndReportsTheBadOnesWithTheirLineAndField() {
        ReadReport report = read(TestFiles.resource("jsonl/requests.jsonl"));

        assertEquals(6, report.records(), "blank lines are not records");
        assertEquals(3, report.requests());
        assertEquals(3, report.malformed());
        assertEquals(List.of("r-1", "r-2", "7"), requests.stream().map(Request::id).toList());
        List<Problem> problems = report.problems();
        assertEquals("requests.jsonl line 3", problems.get(0).location());
        assertTrue(problems.get(0).message().startsWith("not JSON"), problems.get(0).message());
        assertEquals("requests.jsonl line 4", problems.get(1).location());
        assertEquals("input is missing or null", problems.get(1).message());
        assertEquals("requests.jsonl line 6", problems.get(2).location());
        assertEquals("input_tokens must be a whole number of at least 0, got \"abc\"", problems.get(2).message());
    }

    @Test
    void mapsEveryFieldOfAFullLine() {
        read(TestFiles.resource("jsonl/requests.jsonl"));
        Request r = requests.get(0);

        assertEquals("How do I reset my password?", r.input());
        assertEquals("Click 'Forgot password' on the sign-in page.", r.output());
        assertEquals(Instant.parse("2025-03-01T09:15:00Z"), r.start());
        assertNull(r.end());
        assertEquals(List.of("gpt-4o-mini"), r.models());
        assertEquals(412, r.inputTokens());
        assertEquals(38, r.outputTokens());
        assertEquals(0.00009, r.costUsd());
        assertEquals("c-1", r.conversationId());
        assertFalse(r.error());
        assertEquals(List.of(new Feedback("feedback", null, "thumbs_up", null)), r.feedback());
        assertFalse(r.hasNegativeFeedback());
        assertEquals(Map.of("route", "account", "tier", "free", "region", "eu"), r.attributes(),
                "scalar unknown fields become attributes, objects are ignored");
    }

    @Test
    void takesMessagesAsTheirTextAndTotalsFromTheCalls() {
        read(TestFiles.resource("jsonl/requests.jsonl"));
        Request r = requests.get(1);

        assertEquals("The seat count:\nwe have 12, not 15.", r.input(), "the last user message, parts joined");
        assertEquals("I have corrected the invoice to 12 seats.", r.output());
        assertEquals(Instant.parse("2025-03-01T09:16:04.250Z"), r.end());
        assertEquals(List.of("gpt-4o", "gpt-4o-mini"), r.models());
        assertEquals(1200, r.inputTokens());
        assertEquals(80, r.outputTokens());
        assertEquals(0.0032, r.costUsd(), 1e-12);
        assertEquals(new LlmCall(null, null, null, "gpt-4o", 900, 60, 512, 0.0031), r.calls().get(0));
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", r.traceId());
        assertFalse(r.hasNegativeFeedback(), "a bare number without a feedback rule decides nothing");
        assertEquals("still shows 15 seats", r.feedback().get(0).comment());
    }

    @Test
    void readsShorthandFeedbackNumericIdsAndAttributesThatWinOverTopLevelFields() {
        read(TestFiles.resource("jsonl/requests.jsonl"));
        Request r = requests.get(2);

        assertEquals("7", r.id());
        assertEquals(List.of(new Feedback("feedback", -1.0, null, null)), r.feedback());
        assertFalse(r.hasNegativeFeedback(), "a bare number without a feedback rule decides nothing");
        assertTrue(r.error());
        assertEquals(List.of("claude-3-5-haiku"), r.models());
        assertNull(r.costUsd());
        assertEquals(Map.of("route", "shipping"), r.attributes());
    }

    @Test
    void namesTheFieldOfAWrongType() {
        Path file = TestFiles.write(dir, "types.jsonl",
                "{\"id\": \"a\", \"input\": \"hi\"}",
                "{\"id\": \"b\", \"input\": \"hi\", \"error\": \"maybe\"}",
                "{\"id\": \"c\", \"input\": \"hi\", \"timestamp\": \"last tuesday\"}",
                "{\"id\": \"d\", \"input\": \"hi\", \"calls\": [{\"model\": \"m\", \"output_tokens\": -3}]}",
                "{\"id\": \"e\", \"input\": \"hi\", \"feedback\": [{\"name\": \"x\"}]}",
                "{\"id\": {\"x\": 1}, \"input\": \"hi\"}");

        ReadReport report = read(file);

        assertEquals(1, report.requests());
        List<String> messages = report.problems().stream().map(Problem::toString).toList();
        assertEquals(List.of(
                "types.jsonl line 2: error must be true or false, got \"maybe\"",
                "types.jsonl line 3: timestamp must be an ISO-8601 time such as 2025-03-01T12:00:00Z, got "
                        + "\"last tuesday\"",
                "types.jsonl line 4: calls[0].output_tokens must be a whole number of at least 0, got -3",
                "types.jsonl line 5: feedback[0] has no value, label or comment",
                "types.jsonl line 6: id must be a string, got an object"), messages);
    }

    @Test
    void refusesOtlpTraceLines() {
        Path file = TestFiles.write(dir, "spans.jsonl", OTLP_LINE, OTLP_LINE, OTLP_LINE, OTLP_LINE);

        TrafficFormatException e = assertThrows(TrafficFormatException.class, () -> read(file));

        assertEquals("spans.jsonl is not ALP JSONL (one request object per line): its first 3 lines look like "
                + "OTLP/JSON traces (resourceSpans)", e.getMessage());
        assertTrue(requests.isEmpty());
    }

    @Test
    void refusesAShortFileOfOnlyForeignLinesAtItsEnd() {
        Path file = TestFiles.write(dir, "one.jsonl", OTLP_LINE);

        TrafficFormatException e = assertThrows(TrafficFormatException.class, () -> read(file));

        assertTrue(e.getMessage().contains("its only line looks like OTLP/JSON traces"), e.getMessage());
    }

    @Test
    void refusesAPrettyPrintedJsonArrayAndSaysWhatItHolds() {
        Path file = TestFiles.write(dir, "export.json",
                "[",
                "  {",
                "    \"id\": \"t-1\",",
                "    \"sessionId\": \"s-1\",",
                "    \"observations\": []",
                "  }",
                "]");

        TrafficFormatException e = assertThrows(TrafficFormatException.class, () -> read(file));

        assertEquals("export.json is not ALP JSONL (one request object per line): it is a JSON array whose first "
                + "element is a Langfuse trace", e.getMessage());
    }

    @Test
    void refusesAJsonArrayOnOneLine() {
        Path file = TestFiles.write(dir, "array.jsonl", "[{\"id\": \"a\", \"input\": \"hi\"}]");

        TrafficFormatException e = assertThrows(TrafficFormatException.class, () -> read(file));

        assertTrue(e.getMessage().endsWith("it is a JSON array"), e.getMessage());
    }

    @Test
    void anArrayOnALaterLineIsOnlyMalformed() {
        Path file = TestFiles.write(dir, "later.jsonl", "{\"id\": \"a\", \"input\": \"hi\"}", "[1, 2]");

        ReadReport report = read(file);

        assertEquals(1, report.requests());
        assertEquals(List.of(new Problem("later.jsonl line 2", "a JSON array, not a request object")),
                report.problems());
    }

    @Test
    void refusesALangfuseApiPage() {
        Path file = TestFiles.resource("langfuse/traces-page.json");

        TrafficFormatException e = assertThrows(TrafficFormatException.class,
                () -> new JsonlRequestSource(file).read(requests::add));

        assertTrue(e.getMessage().contains("a Langfuse API page (data and meta)"), e.getMessage());
    }

    @Test
    void refusesLangfuseTraceLinesThoughTheyHaveAnIdAndAnInput() {
        Path file = TestFiles.resource("langfuse/traces.jsonl");

        TrafficFormatException e = assertThrows(TrafficFormatException.class,
                () -> new JsonlRequestSource(file).read(requests::add));

        assertTrue(e.getMessage().contains("look like a Langfuse trace"), e.getMessage());
        assertTrue(requests.isEmpty());
    }

    @Test
    void refusesTextThatIsNotJson() {
        Path file = TestFiles.write(dir, "requests.csv", "id,input,output", "1,hello,hi", "2,bye,ciao",
                "3,thanks,welcome");

        TrafficFormatException e = assertThrows(TrafficFormatException.class, () -> read(file));

        assertTrue(e.getMessage().endsWith("its first 3 lines look like text that is not JSON"), e.getMessage());
    }

    @Test
    void aForeignFirstLineIsOnlyMalformedWhenGoodLinesFollow() {
        Path file = TestFiles.write(dir, "mixed.jsonl", OTLP_LINE, "{\"id\": \"a\", \"input\": \"hi\"}", OTLP_LINE,
                OTLP_LINE, OTLP_LINE);

        ReadReport report = read(file);

        assertEquals(1, report.requests());
        assertEquals(4, report.malformed());
        assertTrue(report.problems().get(0).message().endsWith("the line looks like OTLP/JSON traces "
                + "(resourceSpans)"), report.problems().get(0).message());
    }

    @Test
    void aFileWithOnlyOrdinaryBadLinesIsReportedNotRefused() {
        Path file = TestFiles.write(dir, "bad.jsonl", "{\"id\": \"a\"}", "{\"id\": \"b\"}", "{\"id\": \"c\"}",
                "{\"id\": \"d\"}");

        ReadReport report = read(file);

        assertEquals(0, report.requests());
        assertEquals(4, report.malformed());
    }

    @Test
    void aMissingFileIsAFormatError() {
        TrafficFormatException e = assertThrows(TrafficFormatException.class,
                () -> read(dir.resolve("nope.jsonl")));

        assertTrue(e.getMessage().contains("nope.jsonl"), e.getMessage());
    }

    @Test
    void describesItself() {
        assertEquals("ALP JSONL requests in " + dir.resolve("x.jsonl"),
                new JsonlRequestSource(dir.resolve("x.jsonl")).describe());
    }
}
