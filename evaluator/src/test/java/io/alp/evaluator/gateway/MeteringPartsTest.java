package io.alp.evaluator.gateway;

import io.alp.engine.port.LlmClient.Usage;
import io.alp.evaluator.llm.Protocol;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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

    @Test
    void theCallCapCountsAdmittedCalls() {
        RunState run = new RunState(RunScope.of("s", "n", "c"), new GatewayLedger());
        GatewaySettings settings = new GatewaySettings(2, 0, Duration.ofSeconds(1), 1000);
        assertNull(run.admit(settings));
        assertNull(run.admit(settings));
        assertTrue(run.admit(settings).contains("budget is spent"));
        run.close();
        assertEquals("the run is closed", run.admit(new GatewaySettings(0, 0, Duration.ofSeconds(1), 1000)));
    }
}
