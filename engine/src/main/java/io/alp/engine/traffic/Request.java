package io.alp.engine.traffic;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One agent invocation from production traffic, normalized across sources: the root input and final output,
 * the models it called with per-call token and cost detail, feedback and scores, and where it came from.
 *
 * @param id             stable within the source: the trace id, or trace id and agent span id when one trace
 *                       holds several agent invocations, or the source's own request id
 * @param traceId        the source trace id (hex for OTLP), or null when the source has none
 * @param spanId         the root or agent span id, or null
 * @param start          when the request started, or null when unknown
 * @param end            when it ended, or null
 * @param input          what the agent was asked, as text: the last user message when the source holds a
 *                       message list, the raw value otherwise
 * @param output         what the agent answered (the last assistant message of a message list), or null when
 *                       not recorded
 * @param models         the models called, in first-use order
 * @param inputTokens    total input tokens over all calls (cache reads included)
 * @param outputTokens   total output tokens over all calls
 * @param costUsd        total dollar cost when the source states it, or null
 * @param conversationId the conversation or session id, or null
 * @param error          whether the invocation ended in an error status
 * @param feedback       user feedback and scores attached to the request
 * @param calls          the LLM calls inside the invocation
 * @param attributes     further string attributes worth stratifying or filtering on (route, user segment, ...)
 */
public record Request(String id, String traceId, String spanId, Instant start, Instant end, String input,
                      String output, List<String> models, long inputTokens, long outputTokens, Double costUsd,
                      String conversationId, boolean error, List<Feedback> feedback, List<LlmCall> calls,
                      Map<String, String> attributes) {

    public Request {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a request needs an id");
        }
        input = input == null ? "" : input;
        models = models == null ? List.of() : List.copyOf(models);
        feedback = feedback == null ? List.of() : List.copyOf(feedback);
        calls = calls == null ? List.of() : List.copyOf(calls);
        attributes = attributes == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
    }

    /** Whether any feedback on this request is negative (see {@link Feedback#negative()}). */
    public boolean hasNegativeFeedback() {
        return feedback.stream().anyMatch(Feedback::negative);
    }
}
