package io.alp.traffic.otlp;

import io.alp.traffic.read.ContentText;
import io.alp.engine.traffic.ReadReport;
import io.alp.engine.traffic.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.alp.traffic.otlp.OtlpLines.line;
import static io.alp.traffic.otlp.OtlpLines.sid;
import static io.alp.traffic.otlp.OtlpLines.span;
import static io.alp.traffic.otlp.OtlpLines.tid;
import static io.alp.traffic.otlp.OtlpLines.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Trace shapes written by hand after a producer's published source, where the producer could not be run here. */
class TraceShapesTest {

    @TempDir
    Path dir;

    /**
     * Google ADK (Python): attribute names and JSON as google/adk-python's telemetry/tracing.py sets them
     * ({@code invoke_agent}, {@code call_llm} with {@code gcp.vertex.agent.llm_request}/{@code llm_response},
     * {@code execute_tool}), with the google-genai client's {@code generate_content} span below each
     * {@code call_llm}; written by hand, pretty-printed, not exported by ADK.
     */
    @Test
    void adkCallLlmOverGenerateContentIsOneCallAndTheConversationGivesInputAndAnswer() {
        Request r = OtlpTraceSourceTest.Read.of(OtlpTraceSourceTest.Read.path("shapes/adk-shaped-weather.json")).only();
        assertEquals("What is the weather in Paris tomorrow?", r.input());
        assertEquals("Tomorrow in Paris: rain, around 14C. Take an umbrella.", r.output());
        assertEquals(2, r.calls().size());
        assertEquals(98, r.inputTokens());
        assertEquals(20, r.outputTokens());
        assertEquals(List.of("gemini-2.0-flash"), r.models());
        assertEquals("session-7", r.conversationId());
    }

    @Test
    void twoUserTurnsInOneTraceAreTwoRequestsAndACallOutsideBothIsCounted() {
        Path file = write(dir.resolve("turns.jsonl"), line(
                span(tid(1), sid(1), null, 0, "\"traceloop.span.kind\"", "workflow"),
                agent(sid(2), sid(1), 10, "first question"),
                agent(sid(3), sid(1), 500, "second question"),
                chat(sid(4), sid(1), 900, "summarise both")));
        OtlpTraceSourceTest.Read read = OtlpTraceSourceTest.Read.of(file);
        assertEquals(List.of("first question", "second question"),
                read.requests().stream().map(Request::input).toList());
        assertEquals(1, read.report().skipped().get(ReadReport.CALL_OUTSIDE_REQUESTS).count());
    }

    @Test
    void aTraceWithoutModelCallOrInputIsNoRequestButCounted() {
        Path file = write(dir.resolve("controller.jsonl"), line(
                span(tid(1), sid(1), null, 0, "\"http.route\"", "/healthz"),
                span(tid(1), sid(2), sid(1), 5, "\"db.system\"", "postgresql")));
        OtlpTraceSourceTest.Read read = OtlpTraceSourceTest.Read.of(file);
        assertEquals(0, read.requests().size());
        assertEquals(1, read.report().skipped().get(ReadReport.NO_CALL_NOR_INPUT).count());
    }

    @Test
    void aWorkflowWithoutTextAndAToolOnlyAnswerKeepTheRawValuesOnlyAsALastResort() {
        Path file = write(dir.resolve("raw.jsonl"), line(
                span(tid(1), sid(1), null, 0, "\"traceloop.span.kind\"", "workflow", "\"traceloop.entity.input\"",
                        "{\"args\":[],\"kwargs\":{}}", "\"traceloop.entity.output\"", "{\"tool_calls\":[]}"),
                chat(sid(2), sid(1), 10, "the user's question")));
        Request r = OtlpTraceSourceTest.Read.of(file).only();
        assertEquals("the user's question", r.input());
        assertEquals("{\"tool_calls\":[]}", r.output(), "no text anywhere: the recorded value as it is");
    }

    @Test
    void responsesApiObjectsGeminiContentsAndMessageListsBecomeText() {
        assertEquals("hi there", ContentText.inputText("{\"model\":\"m\",\"instructions\":\"be brief\","
                + "\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"hi there\"}]}]}"));
        assertEquals("done", ContentText.outputText("{\"id\":\"resp_1\",\"output\":[{\"type\":\"function_call\"},"
                + "{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\","
                + "\"text\":\"done\"}]}]}"));
        assertEquals("question", ContentText.inputText("{\"messages\":[{\"role\":\"system\",\"content\":\"s\"},"
                + "{\"role\":\"user\",\"content\":\"question\"},{\"role\":\"tool\",\"content\":\"42\"}]}"));
        assertEquals("answer", ContentText.outputText("{\"candidates\":[{\"content\":{\"role\":\"model\","
                + "\"parts\":[{\"text\":\"answer\"}]}}]}"));
        assertEquals("quoted", ContentText.outputText("\"quoted\""));
        assertEquals("from kwargs", ContentText.inputText("{\"args\":[],\"kwargs\":{\"question\":\"from kwargs\"}}"));
        assertNull(ContentText.inputText("{\"args\":[],\"kwargs\":{}}"));
        String langGraph = "{\"messages\":[{\"type\":\"human\",\"content\":\"book a table\"},{\"type\":\"ai\","
                + "\"content\":\"done: table for two\"},{\"type\":\"tool\",\"content\":\"audit log written\"}]}";
        assertEquals("book a table", ContentText.inputText(langGraph));
        assertEquals("done: table for two", ContentText.outputText(langGraph), "the assistant's, not the tool's");
    }

    private static String agent(String id, String parent, int offset, String question) {
        return span(tid(1), id, parent, offset, "\"gen_ai.operation.name\"", "invoke_agent",
                "\"gen_ai.input.messages\"", "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\""
                        + question + "\"}]}]");
    }

    private static String chat(String id, String parent, int offset, String question) {
        return span(tid(1), id, parent, offset, "\"gen_ai.operation.name\"", "chat", "\"gen_ai.request.model\"", "m",
                "\"gen_ai.usage.input_tokens\"", 5, "\"gen_ai.input.messages\"",
                "[{\"role\":\"user\",\"content\":\"" + question + "\"}]");
    }
}
