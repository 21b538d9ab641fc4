package io.alp.traffic.otlp;

import io.alp.engine.traffic.Feedback;

import java.util.List;
import java.util.Map;

/**
 * What is kept of one span while its trace is open: ids, timing, the GenAI facts and the extracted input and output
 * text, never the raw JSON.
 *
 * @param parentSpanId    null for a root span
 * @param startNanos      epoch nanos, 0 when unknown
 * @param model           the requested model, else the response model
 * @param inputTokens     -1 when the span states no usage (so do output and cache-read tokens)
 * @param input           the text the span was asked (the last user message), or null
 * @param output          the text it answered, or null
 * @param rawInput        the recorded input as it is, only when no text could be found in it (else null)
 * @param rawOutput       likewise for the output
 * @param attributes      the span's attributes worth stratifying on
 * @param resource        the resource's attributes worth stratifying on, shared by the spans of one resource
 */
record OtlpSpan(String traceId, String spanId, String parentSpanId, String name, long startNanos, long endNanos,
                boolean error, Role role, String operation, String provider, String model, long inputTokens,
                long outputTokens, long cacheReadTokens, Double costUsd, String conversationId, String input,
                String output, String rawInput, String rawOutput, List<Feedback> feedback, Map<String, String> attributes,
                Map<String, String> resource) {

    /** How a span counts when a trace is turned into requests. */
    enum Role {
        /** An agent invocation: a top-most one is a request of its own. */
        AGENT,
        /** An LLM call (chat, completion, embeddings, ...). */
        LLM,
        /** Anything else: tools, chains, HTTP handlers. */
        OTHER
    }

    boolean root() {
        return parentSpanId == null;
    }

    boolean hasUsage() {
        return inputTokens >= 0 || outputTokens >= 0;
    }
}
