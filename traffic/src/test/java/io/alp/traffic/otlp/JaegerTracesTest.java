package io.alp.traffic.otlp;

import io.alp.engine.traffic.Request;
import io.alp.engine.traffic.TrafficFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jaeger's own JSON. The fixtures under {@code otlp/jaeger} are the real producer traces of {@code otlp/producers}
 * (OpenLLMetry 0.27.0, OpenInference 4.2.7) turned into Jaeger's JSON by Jaeger's OTLP-to-Jaeger mapping (typed
 * tags, the resource as the process, span.kind and status as tags, events as logs, microseconds, trace ids without
 * the high half's leading zeros), in the three shapes Jaeger gives: the query API's and the UI download's
 * {@code {"data": [...]}}, an array of traces, and one trace on one line. Read as Jaeger, each must give the same
 * requests as the OTLP it came from.
 */
class JaegerTracesTest {

    @TempDir
    Path tmp;

    @Test
    void aJaegerDownloadGivesTheSameRequestsAsTheOtlpItCameFrom() {
        assertSameRequests("producers/openllmetry-0.27.0-workflow-agent.jsonl",
                "jaeger/openllmetry-0.27.0-workflow-agent.jaeger.json", 2);
    }

    @Test
    void anArrayOfJaegerTracesIsReadLikeOne() {
        assertSameRequests("producers/openinference-openai-4.2.7-chat-and-responses.jsonl",
                "jaeger/openinference-openai-4.2.7.traces-array.json", 2);
    }

    @Test
    void oneJaegerTraceOnOneLineIsReadAsALineOfTraces() {
        assertSameRequests("producers/openllmetry-0.27.0-handoff.jsonl", "jaeger/openllmetry-0.27.0-handoff.trace.json",
                1);
    }

    @Test
    void jaegerTagsStatusAndProcessBecomeTheSpansFacts() throws IOException {
        Path file = Files.writeString(tmp.resolve("t.json"), """
                {"data": [{"traceID": "abc1", "processes": {"p1": {"serviceName": "bot",
                  "tags": [{"key": "deployment.environment.name", "type": "string", "value": "prod"}]}},
                 "spans": [
                  {"traceID": "abc1", "spanID": "01", "operationName": "invoke_agent support", "references": [],
                   "startTime": 1796525132000000, "duration": 2000000, "processID": "p1",
                   "tags": [{"key": "gen_ai.operation.name", "type": "string", "value": "invoke_agent"},
                            {"key": "gen_ai.input.messages", "type": "string",
                             "value": "[{\\"role\\": \\"user\\", \\"parts\\": [{\\"type\\": \\"text\\", \\"content\\": \\"Where is order 7?\\"}]}]"},
                            {"key": "gen_ai.output.messages", "type": "string",
                             "value": "[{\\"role\\": \\"assistant\\", \\"parts\\": [{\\"type\\": \\"text\\", \\"content\\": \\"It shipped.\\"}]}]"},
                            {"key": "otel.status_code", "type": "string", "value": "ERROR"}]},
                  {"traceID": "abc1", "spanID": "02", "operationName": "chat gpt-4o-mini",
                   "references": [{"refType": "CHILD_OF", "traceID": "abc1", "spanID": "01"}],
                   "startTime": 1796525132500000, "duration": 1000000, "processID": "p1",
                   "tags": [{"key": "gen_ai.operation.name", "type": "string", "value": "chat"},
                            {"key": "gen_ai.request.model", "type": "string", "value": "gpt-4o-mini"},
                            {"key": "gen_ai.usage.input_tokens", "type": "int64", "value": "30"},
                            {"key": "gen_ai.usage.output_tokens", "type": "int64", "value": 7}]}]}],
                 "total": 0, "limit": 0, "offset": 0, "errors": null}
                """);
        Request r = OtlpTraceSourceTest.Read.of(file).only();
        assertEquals("Where is order 7?", r.input());
        assertEquals("It shipped.", r.output());
        assertTrue(r.error(), "otel.status_code ERROR");
        assertEquals(List.of("gpt-4o-mini"), r.models());
        assertEquals(30, r.inputTokens(), "an int64 tag written as a string");
        assertEquals(7, r.outputTokens());
        assertEquals(1796525132000L, r.start().toEpochMilli());
        assertEquals(1796525134000L, r.end().toEpochMilli());
        assertEquals("bot", r.attributes().get("service.name"), r.attributes().toString());
    }

    @Test
    void fieldsInAnyOrderAreReadAlikeForJaegerAndForOtlp() throws IOException {
        // Jaeger UI's own trace objects open with other fields ("services") and carry each span's process
        Path ui = Files.writeString(tmp.resolve("ui.json"), """
                [{"services": [{"name": "bot", "numberOfSpans": 1}],
                  "spans": [{"traceID": "77", "spanID": "01", "operationName": "chat gpt-4o-mini", "references": [],
                    "startTime": 1796525132000000, "duration": 1000, "childSpanIds": [],
                    "process": {"serviceName": "bot", "tags": []},
                    "tags": [{"key": "gen_ai.operation.name", "type": "string", "value": "chat"},
                             {"key": "gen_ai.request.model", "type": "string", "value": "gpt-4o-mini"},
                             {"key": "gen_ai.input.messages", "type": "string",
                              "value": "[{\\"role\\": \\"user\\", \\"content\\": \\"Hi there\\"}]"}]}],
                  "traceID": "77", "traceName": "bot: chat gpt-4o-mini"}]
                """);
        Request r = OtlpTraceSourceTest.Read.of(ui).only();
        assertEquals("Hi there", r.input());
        assertEquals("bot", r.attributes().get("service.name"), r.attributes().toString());

        // an OTLP export request whose resourceSpans come after another field
        Path otlp = Files.writeString(tmp.resolve("otlp.json"), """
                {"partialSuccess": {}, "resourceSpans": [{"resource": {"attributes": []}, "scopeSpans": [{"spans": [
                  {"traceId": "0af7651916cd43dd8448eb211c80319c", "spanId": "b7ad6b7169203331", "name": "chat",
                   "startTimeUnixNano": "1796525132000000000", "endTimeUnixNano": "1796525133000000000",
                   "attributes": [{"key": "gen_ai.operation.name", "value": {"stringValue": "chat"}},
                     {"key": "gen_ai.input.messages", "value": {"stringValue": "[{\\"role\\": \\"user\\", \\"content\\": \\"Hello\\"}]"}}]}]}]}]}
                """);
        assertEquals("Hello", OtlpTraceSourceTest.Read.of(otlp).only().input());
    }

    @Test
    void aJaegerAnswerWithoutTracesIsRefusedSayingWhatItHolds() throws IOException {
        Path file = Files.writeString(tmp.resolve("empty.json"), """
                {"data": [{"serviceName": "bot"}], "total": 1}
                """);
        TrafficFormatException e = assertThrows(TrafficFormatException.class,
                () -> OtlpTraceSourceTest.Read.of(file));
        assertTrue(e.getMessage().contains("neither Jaeger traces"), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    private static void assertSameRequests(String otlp, String jaeger, int expected) {
        List<Request> fromOtlp = read(otlp);
        List<Request> fromJaeger = read(jaeger);
        assertEquals(expected, fromJaeger.size());
        assertEquals(fromOtlp.size(), fromJaeger.size());
        for (int i = 0; i < fromOtlp.size(); i++) {
            Request o = fromOtlp.get(i);
            Request j = fromJaeger.get(i);
            assertEquals(o.input(), j.input());
            assertEquals(o.output(), j.output());
            assertEquals(o.models(), j.models());
            assertEquals(o.inputTokens(), j.inputTokens());
            assertEquals(o.outputTokens(), j.outputTokens());
            assertEquals(o.calls().size(), j.calls().size());
            assertEquals(o.error(), j.error());
            assertEquals(o.conversationId(), j.conversationId());
            assertEquals(o.start().toEpochMilli(), j.start().toEpochMilli(), "microseconds keep the milliseconds");
            assertFalse(j.input() == null || j.input().isBlank());
        }
    }

    private static List<Request> read(String fixture) {
        OtlpTraceSourceTest.Read read = OtlpTraceSourceTest.Read.of(OtlpTraceSourceTest.Read.path(fixture));
        assertEquals(0, read.report().malformed(), read.report()::toString);
        return read.requests().stream().sorted(Comparator.comparing(Request::input)).toList();
    }
}
