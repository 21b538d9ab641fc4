package io.alp.evaluator.gateway;

import io.alp.engine.port.LlmClient.Usage;
import io.alp.evaluator.llm.Protocol;
import io.alp.evaluator.testkit.TestPrices;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MeteringPartsTest {

    @Test
    void usageIsReadFromEventsSplitAcrossChunksAtAnyByte() {
        String stream = "event: message_start\r\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":"
                + "{\"input_tokens\":10,\"output_tokens\":1,\"cache_creation_input_tokens\":5}}}\r\n\r\n"
                + "event: message_delta\r\ndata: {\"type\":\"message_delta\",\"usage\":{\"output_tokens\":9}}\r\n\r\n";
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        for (int size : new int[]{1, 3, 17, bytes.length}) {
            SseUsageTap tap = new SseUsageTap(Protocol.ANTHROPIC);
            for (int i = 0; i < bytes.length; i += size) {
                tap.feed(ByteString.fromArray(bytes, i, Math.min(size, bytes.length - i)));
            }
            assertEquals(new Usage(15, 9, 0, 5), tap.usage(), "chunks of " + size);
            assertNull(tap.streamError());
        }
    }

    @Test
    void anErrorEventInsideAStreamIsNoticed() {
        SseUsageTap tap = new SseUsageTap(Protocol.ANTHROPIC);
        tap.feed(ByteString.fromString("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                + "\"message\":\"Overloaded\"}}\n\n"));
        assertTrue(tap.streamError().contains("overloaded_error"), tap.streamError());
    }

    @Test
    void openAiCachedTokensStayInsideThePromptCount() {
        SseUsageTap tap = new SseUsageTap(Protocol.OPENAI);
        tap.feed(ByteString.fromString("data: {\"choices\":[],\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":3,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":60}}}\n\ndata: [DONE]\n\n"));
        assertEquals(new Usage(100, 3, 60, 0), tap.usage());
    }

    static final TestPrices PRICES = new TestPrices().with("openai/gpt-4o", 2.5, 10, 1.25, 0);

    @Test
    void theCallCapCountsAdmittedCalls() throws Exception {
        RunState run = new RunState(RunScope.of("s", "n", "c"), new GatewayLedger());
        GatewaySettings settings = new GatewaySettings(2, 0, Duration.ofSeconds(1), 1000);
        run.admit(settings, PRICES, "openai/gpt-4o", 100, 0);
        run.admit(settings, PRICES, "openai/gpt-4o", 100, 0);
        RunState.Refused third = assertThrows(RunState.Refused.class,
                () -> run.admit(settings, PRICES, "openai/gpt-4o", 100, 0));
        assertTrue(third.getMessage().contains("budget is spent"), third.getMessage());
        run.close();
        assertEquals("the run is closed", assertThrows(RunState.Refused.class, () -> run.admit(
                new GatewaySettings(0, 0, Duration.ofSeconds(1), 1000), PRICES, "openai/gpt-4o", 100, 0))
                .getMessage());
    }

    @Test
    void anOutputBoundIsClampedToWhatTheRunHasLeft() throws Exception {
        RunState run = new RunState(RunScope.of("s", "n", "c"), new GatewayLedger());
        GatewaySettings capped = new GatewaySettings(0, 0.05, Duration.ofSeconds(1), 1 << 20);
        // 1,000 bytes of input cost at most $0.0025; the $0.0475 left buys 4,750 output tokens at $10/Mtok
        RunState.Hold hold = run.admit(capped, PRICES, "openai/gpt-4o", 1000, 1_000_000_000L);
        assertEquals(4750, hold.maxTokens());
        assertEquals(0.05, hold.usd(), 1e-9);
        // nothing is left while that call is in flight
        assertThrows(RunState.Refused.class, () -> run.admit(capped, PRICES, "openai/gpt-4o", 1000, 10));
        // a smaller bound asked for is kept, and holds only what it may cost
        RunState other = new RunState(RunScope.of("s", "n", "c2"), new GatewayLedger());
        RunState.Hold small = other.admit(capped, PRICES, "openai/gpt-4o", 1000, 100);
        assertEquals(100, small.maxTokens());
        assertEquals(0.0025 + 0.001, small.usd(), 1e-9);
    }

    @Test
    void aCallWhoseInputAloneMayNotFitIsRefused() {
        RunState run = new RunState(RunScope.of("s", "n", "c"), new GatewayLedger());
        GatewaySettings capped = new GatewaySettings(0, 0.001, Duration.ofSeconds(1), 1 << 20);
        RunState.Refused refused = assertThrows(RunState.Refused.class,
                () -> run.admit(capped, PRICES, "openai/gpt-4o", 1000, 10));
        assertTrue(refused.getMessage().contains("cannot fit"), refused.getMessage());
    }

    @Test
    void usageReportedBeyondTheBoundIsChargedTheBoundAndSaidSo() throws Exception {
        RunState run = new RunState(RunScope.of("s", "n", "c"), new GatewayLedger());
        GatewaySettings capped = new GatewaySettings(0, 0.05, Duration.ofSeconds(1), 1 << 20);
        RunState.Hold hold = run.admit(capped, PRICES, "openai/gpt-4o", 1000, 0);
        run.called(hold, new Usage(2_000_000, 100_000_000, 0, 0), 6.0, null, capped.maxUsdPerRun());
        RunUsage usage = run.snapshot();
        assertEquals(0.05, usage.costUsd(), 1e-9);
        assertTrue(usage.errors().get(0).contains("beyond what the run could still spend"), usage.errors().toString());
        assertThrows(RunState.Refused.class, () -> run.admit(capped, PRICES, "openai/gpt-4o", 10, 1));
    }
}
