package io.alp.engine.llm;

import io.alp.engine.port.LlmClient;
import io.alp.engine.port.PriceTable;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MeteredLlmTest {

    /** $1 per Mtok in, $4 per Mtok out, for every model. */
    static final PriceTable PRICES = new PriceTable() {
        @Override
        public boolean knows(String model) {
            return true;
        }

        @Override
        public double costUsd(String model, LlmClient.Usage usage) {
            return usage.inputTokens() * 1e-6 + usage.outputTokens() * 4e-6;
        }
    };

    static LlmClient reporting(LlmClient.Usage usage) {
        return request -> CompletableFuture.completedFuture(new LlmClient.Response(request.model(), "ok", usage));
    }

    static LlmClient.Request request(int maxTokens) {
        return new LlmClient.Request("p/m", "system", List.of(LlmClient.Message.user("hello")), maxTokens, 0, "t");
    }

    @Test
    void anHonestReplyIsChargedWhatItsUsageCosts() {
        MeteredLlm llm = new MeteredLlm(reporting(new LlmClient.Usage(20, 100, 0, 0)), PRICES);
        PricedReply reply = llm.call(request(1000)).toCompletableFuture().join();
        assertEquals(20e-6 + 400e-6, reply.costUsd(), 1e-12);
        assertNull(reply.overReported());
    }

    @Test
    void usageBeyondWhatTheCallCouldUseIsChargedAtTheBoundAndSaidSo() {
        MeteredLlm llm = new MeteredLlm(reporting(new LlmClient.Usage(1_000_000_000, 1_000_000_000, 0, 0)), PRICES);
        PricedReply reply = llm.call(request(1000)).toCompletableFuture().join();
        // input: "system" and "hello" with their framing, 43 bytes; output: 1,000 tokens
        assertEquals(43e-6 + 4000e-6, reply.costUsd(), 1e-12);
        assertTrue(reply.overReported().contains("more than the call could cost"), reply.overReported());
    }
}
