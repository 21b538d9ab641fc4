package io.alp.traffic.otlp;

import io.alp.engine.traffic.Feedback;
import io.alp.engine.traffic.LlmCall;
import io.alp.engine.traffic.Problem;
import io.alp.engine.traffic.ReadReport;
import io.alp.engine.traffic.Request;
import io.alp.engine.traffic.TrafficFormatException;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
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

/** Reading the hand-written fixtures under {@code otlp/}, one per naming convention or failure. */
class OtlpTraceSourceTest {

    @Test
    void anAgentTraceInCurrentGenAiNamesSpreadOverTwoLinesIsOneRequest() {
        Read read = Read.fixture("genai_agent.jsonl");

        assertEquals(4, read.report.records());
        assertEquals(1, read.report.requests());
        assertEquals(0, read.report.malformed());
        Request r = read.only();
        assertEquals("5b8efff798038103d269b633813fc60c", r.id());
        assertEquals("5b8efff798038103d269b633813fc60c", r.traceId());
        assertEquals("eee19b7ec3c1b174", r.spanId());
        assertEquals(Instant.parse("2025-10-14T09:00:00Z"), r.start());
        assertEquals(Instant.parse("2025-10-14T09:00:04.200Z"), r.end());
        assertEquals("My invoice #4471 was charged twice this month. Can you refund one of them?", r.input());
        assertEquals("I found two charges of $49.00 for invoice #4471 and refunded the duplicate. You should see it "
                + "within 5 business days.", r.output());
        // the agent span's own aggregated usage is not a third call
        assertEquals(List.of(
                new LlmCall("a1f0c3d2b4e59687", "chat", "openai", "gpt-4o", 1021, 41, 512, null),
                new LlmCall("c3d2e5f4b6a70819", "chat", "openai", "gpt-4o", 1210, 44, 0, null)), r.calls());
        assertEquals(List.of("gpt-4o"), r.models());
        assertEquals(2231, r.inputTokens());
        assertEquals(85, r.outputTokens());
        assertNull(r.costUsd());
        assertEquals("conv_8c2f1d", r.conversationId());
        assertFalse(r.error());
        assertEquals(Map.of("service.name", "support-agent", "deployment.environment.name", "prod",
                "gen_ai.agent.name", "SupportBot", "gen_ai.agent.id", "asst_5j66UpCpwteGg4YSxUnt7lPY",
                "user.id", "u-1029", "alp.route", "billing", "alp.tenant", "acme"), r.attributes());
    }

    @Test
    void twoAgentsUnderOneHttpRootAreTwoRequestsThatInheritTheRootsAttributes() {
        Read read = Read.fixture("two_agents.jsonl");

        assertEquals(7, read.report.records());
        assertEquals(2, read.requests.size());
        Request classifier = read.requests.get(0);
        Request responder = read.requests.get(1);
        assertEquals("0af7651916cd43dd8448eb211c80319c/1000000000000001", classifier.id());
        assertEquals("1000000000000001", classifier.spanId());
        assertEquals("Printer on floor 3 is jammed again", classifier.input());
        assertEquals("hardware", classifier.output());
        assertEquals(180, classifier.inputTokens());
        assertEquals(List.of("gpt-4o-mini"), classifier.models());

        assertEquals("0af7651916cd43dd8448eb211c80319c/2000000000000001", responder.id());
        // the nested Scheduler agent and its call belong to the Responder's request
        assertEquals(List.of("2000000000000002", "2000000000000004"),
                responder.calls().stream().map(LlmCall::spanId).toList());
        assertEquals(List.of("gpt-4o", "gpt-4o-mini"), responder.models());
        assertEquals(420 + 90, responder.inputTokens());
        assertEquals(31 + 12, responder.outputTokens());
        assertEquals("A technician will visit floor 3 today.", responder.output());
        for (Request r : read.requests) {
            assertEquals("conv-triage-9", r.conversationId());
            assertEquals("/v1/triage", r.attributes().get("http.route"));
            assertEquals("u-77", r.attributes().get("user.id"));
        }
        assertEquals("Responder", responder.attributes().get("gen_ai.agent.name"));
    }

    @Test
    void deprecatedNamesAndContentEventsAreRead() {
        Request r = Read.fixture("deprecated_genai.jsonl").only();

        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", r.id());
        assertEquals("00f067aa0ba902b7", r.spanId());
        // the HTTP root has no content: the first call's question and the last call's answer stand in
        assertEquals("how do i reset my 2fa if i lost my phone", r.input());
        assertEquals("reset two-factor authentication lost phone", r.output());
        assertEquals(List.of("claude-3-5-haiku-20241022", "claude-3-5-sonnet-20241022"), r.models());
        assertEquals(List.of("anthropic", "anthropic"), r.calls().stream().map(LlmCall::provider).toList());
        assertEquals(312 + 1450, r.inputTokens());
        assertEquals(18, r.outputTokens());
        assertTrue(r.error(), "STATUS_CODE_ERROR on the root");
        assertEquals(Instant.parse("2025-10-14T09:00:02.500Z"), r.end());
        assertEquals(Map.of("service.name", "faq-service", "http.route", "/v1/ask"), r.attributes());
    }

    @Test
    void openLlmetryIndexedPromptsAndATotalOnlyCountAreRead() {
        Request r = Read.fixture("openllmetry.jsonl").only();

        assertEquals("d1c2b3a4f5e6d7c8", r.spanId(), "the workflow span is the root, though it came last");
        assertEquals("Tell me a joke about OpenTelemetry", r.input());
        assertEquals("Why did the span break up with the trace? It needed more context.", r.output());
        assertEquals(List.of(new LlmCall("e2d3c4b5a6f7e8d9", "chat", "OpenAI", "gpt-4o-mini", 24, 19, 0, null)),
                r.calls());
        assertEquals(24, r.inputTokens());
        assertEquals(19, r.outputTokens(), "total 43 minus 24 prompt tokens");
    }

    @Test
    void openInferenceAgentWithPlainTextInputAndCostsIsRead() {
        Request r = Read.fixture("openinference.jsonl").only();

        assertEquals("7f3c9a1b2d4e6f8091a2b3c4d5e6f708", r.id());
        assertEquals("What's the weather in Paris tomorrow?", r.input());
        assertEquals("Tomorrow in Paris: light rain, 14°C high, 9°C low.", r.output());
        assertEquals("sess-42", r.conversationId());
        assertEquals(2, r.calls().size(), "the TOOL span is not a call");
        assertEquals(List.of("gpt-4o-mini-2024-07-18"), r.models());
        assertEquals("openai", r.calls().get(0).provider());
        assertEquals(730, r.inputTokens());
        assertEquals(85, r.outputTokens());
        assertEquals(0.000063 + 0.0000975, r.costUsd(), 1e-12);
        assertEquals(Map.of("service.name", "weather-agent", "user.id", "u-314"), r.attributes());
    }

    @Test
    void evaluationEventsBecomeFeedback() {
        Request r = Read.fixture("evaluation.jsonl").only();

        assertEquals(List.of(
                new Feedback("relevance", 0.92, "relevant", "Answers the question and respects the constraints."),
                new Feedback("user-feedback", 0.0, "thumbs_down", "I asked for something baked"),
                new Feedback("toxicity", 0.01, null, null)), r.feedback());
        assertTrue(r.hasNegativeFeedback());
        assertEquals(0.0000227, r.costUsd(), 1e-12);
        assertEquals("A vegan dessert without nuts?", r.input());
    }

    @Test
    void malformedLinesAreCountedWithTheirLineNumbersAndSkipped() {
        Read read = Read.fixture("malformed_lines.jsonl");

        assertEquals(List.of("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa03",
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa06", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa08"), read.ids());
        assertEquals(4, read.report.records());
        assertEquals(4, read.report.requests());
        assertEquals(4, read.report.malformed());
        String file = Read.path("malformed_lines.jsonl").toString();
        List<Problem> problems = read.report.problems();
        assertEquals(List.of(file + " line 2", file + " line 4", file + " line 6", file + " line 7"),
                problems.stream().map(Problem::location).toList());
        assertTrue(problems.get(0).message().startsWith("not JSON"), problems.get(0).message());
        assertTrue(problems.get(1).message().contains("no resourceSpans"), problems.get(1).message());
        assertEquals("span 'chat gpt-4o-mini' has no traceId; skipped", problems.get(2).message());
        assertTrue(problems.get(3).message().startsWith("not JSON"), problems.get(3).message());
        assertEquals(60, read.requests.get(2).inputTokens(), "the good span of line 6 is kept");
        assertEquals("question aaaaaaaaaaaaaa06", read.requests.get(2).input());
    }

    @Test
    void aLangfuseExportGivenAsOtlpIsRejectedWithWhatItLooksLike() {
        Path file = Read.path("langfuse_export.jsonl");
        TrafficFormatException e = assertThrows(TrafficFormatException.class,
                () -> new OtlpTraceSource(file).read(r -> { }));

        assertTrue(e.getMessage().startsWith(file + " is not OTLP traces: it looks like a Langfuse export"),
                e.getMessage());
        assertTrue(e.getMessage().contains("observations"), e.getMessage());
    }

    @Test
    void describeNamesTheFile() {
        assertEquals("OTLP traces in traces.jsonl", new OtlpTraceSource(Path.of("traces.jsonl")).describe());
    }

    /** The requests and report of reading one file. */
    record Read(ReadReport report, List<Request> requests) {

        static Read fixture(String name) {
            return of(path(name));
        }

        static Read of(Path file) {
            return of(new OtlpTraceSource(file));
        }

        static Read of(OtlpTraceSource source) {
            List<Request> requests = new ArrayList<>();
            ReadReport report = source.read(requests::add);
            assertEquals(report.requests(), requests.size());
            return new Read(report, requests);
        }

        static Path path(String fixture) {
            try {
                return Path.of(OtlpTraceSourceTest.class.getResource("/otlp/" + fixture).toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }

        Request only() {
            assertEquals(1, requests.size(), () -> "requests: " + ids());
            return requests.get(0);
        }

        List<String> ids() {
            return requests.stream().map(Request::id).toList();
        }
    }
}
