package io.alp.traffic.otlp;

import io.alp.engine.traffic.LlmCall;
import io.alp.engine.traffic.ReadReport;
import io.alp.engine.traffic.Request;
import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Trace files written by real instrumentation (Node.js 20, each run against a loopback fake OpenAI server that
 * answers "Answer N: ..." with usage 12 input / 9 output tokens, exported with @opentelemetry/exporter-trace-otlp-http
 * or -proto 0.301.0 to a loopback sink that wrote each request body as one line, or framed as the Collector's file
 * exporter frames protobuf). The producer and version are named in each test.
 */
class ProducerTracesTest {

    private static final String CHARGED_TWICE = "I was charged twice for order 1042, please refund one charge.";

    /** OpenLLMetry: @traceloop/node-server-sdk 0.27.0, withWorkflow over withAgent over openai.chat.completions. */
    @Test
    void openLlmetryWorkflowWithEmptyArgumentsTakesTheUserMessageAndTheFinalAnswer() {
        List<Request> requests = sorted(read("openllmetry-0.27.0-workflow-agent.jsonl"));
        assertEquals(List.of("Can I change the delivery address of order 77?", "Where is my refund for order 1042?"),
                requests.stream().map(Request::input).sorted().toList());
        for (Request r : requests) {
            assertTrue(r.output().matches("Answer \\d+: your refund was issued on Monday\\."), r.output());
            assertOneCall(r);
        }
    }

    /** OpenLLMetry 0.27.0: one workflow in which a triage agent hands off to a billing agent, which answers. */
    @Test
    void openLlmetryHandOffIsOneRequestWithBothCallsAndTheLastAgentsAnswer() {
        Request r = OtlpTraceSourceTest.Read.of(OtlpTraceSourceTest.Read.path("producers/openllmetry-0.27.0-handoff.jsonl"))
                .only();
        assertEquals(CHARGED_TWICE, r.input());
        assertEquals("Answer 5: your refund was issued on Monday.", r.output());
        assertEquals(2, r.calls().size());
        assertEquals(24, r.inputTokens());
        assertEquals(18, r.outputTokens());
    }

    /** OpenInference: @arizeai/openinference-instrumentation-openai 4.2.7, a Chat Completions and a Responses call. */
    @Test
    void openInferenceChatAndResponsesCallsUnderAPlainRootSpan() {
        List<Request> requests = sorted(read("openinference-openai-4.2.7-chat-and-responses.jsonl"));
        assertEquals(List.of("How do I reset my password?", "My package 5531 shows delivered but I never got it."),
                requests.stream().map(Request::input).sorted().toList());
        for (Request r : requests) {
            assertEquals(2, r.calls().size());
            assertEquals(24, r.inputTokens());
            assertTrue(r.output().matches("Answer \\d+: your refund was issued on Monday\\."),
                    "the Responses API output as text: " + r.output());
        }
    }

    /** Vercel AI SDK: ai 7.0.185 with @ai-sdk/otel 1.0.185 (OpenTelemetry), generateText; JSON and protobuf. */
    @Test
    void vercelAiSdkInvokeAgentOverOneChatCall() {
        for (String file : List.of("vercel-ai-7.0.185-otel.jsonl", "vercel-ai-7.0.185-otel.binpb")) {
            List<Request> requests = sorted(read(file));
            assertEquals(List.of("Cancel my subscription please.", "Where is my refund for order 1042?"),
                    requests.stream().map(Request::input).sorted().toList(), file);
            requests.forEach(ProducerTracesTest::assertOneCall);
        }
    }

    /** Vercel AI SDK 7.0.185 with @ai-sdk/otel's LegacyOpenTelemetry: ai.generateText over ai.generateText.doGenerate. */
    @Test
    void vercelAiSdkLegacySpansNestTheSameCallTwiceAndCountItOnce() {
        OtlpTraceSourceTest.Read read = OtlpTraceSourceTest.Read.of(
                OtlpTraceSourceTest.Read.path("producers/vercel-ai-7.0.185-legacy-otel.jsonl"));
        assertEquals(2, read.requests().size());
        for (Request r : read.requests()) {
            assertOneCall(r);
            assertTrue(r.input().equals("Where is my refund for order 1042?")
                    || r.input().equals("Cancel my subscription please."), r.input());
        }
        assertEquals(2, read.report().skipped().get(ReadReport.NESTED_CALL).count());
    }

    private static void assertOneCall(Request r) {
        assertEquals(1, r.calls().size(), () -> r.id() + " calls " + r.calls());
        LlmCall call = r.calls().get(0);
        assertEquals("gpt-4o-mini", call.model());
        assertEquals(12, call.inputTokens());
        assertEquals(9, call.outputTokens());
        assertEquals(12, r.inputTokens());
        assertEquals(9, r.outputTokens());
        assertEquals(List.of("gpt-4o-mini"), r.models());
    }

    private static List<Request> read(String file) {
        OtlpTraceSourceTest.Read read = OtlpTraceSourceTest.Read.of(OtlpTraceSourceTest.Read.path("producers/" + file));
        assertEquals(0, read.report().malformed(), read.report()::toString);
        return read.requests();
    }

    private static List<Request> sorted(List<Request> requests) {
        return requests.stream().sorted(Comparator.comparing(Request::input)).toList();
    }
}
