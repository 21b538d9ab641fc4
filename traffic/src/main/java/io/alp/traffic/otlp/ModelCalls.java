package io.alp.traffic.otlp;

import io.alp.engine.traffic.LlmCall;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The model calls among a request's spans, each counted once. Instrumentations stack: an agent framework's call
 * span wraps the client library's (Google ADK's {@code call_llm} over {@code generate_content}, the Vercel AI SDK's
 * {@code ai.generateText} over {@code doGenerate}, a framework span over OpenLLMetry's {@code openai.chat}), and
 * each states the same model and tokens. The innermost spans are the calls; a wrapper over exactly one of them
 * only fills in what the inner span left out, and a wrapper over several is an aggregate and adds nothing.
 */
final class ModelCalls {

    /** One model call, merged from a span and the wrappers that describe the same call. */
    record Call(OtlpSpan span, String operation, String provider, String model, long inputTokens, long outputTokens,
                long cacheReadTokens, Double costUsd, String input, String output) {

        LlmCall toLlmCall() {
            return new LlmCall(span.spanId(), operation, provider, model, Math.max(0, inputTokens),
                    Math.max(0, outputTokens), Math.max(0, cacheReadTokens), costUsd);
        }
    }

    private final List<Call> calls;
    private final int merged;

    private ModelCalls(List<Call> calls, int merged) {
        this.calls = calls;
        this.merged = merged;
    }

    /**
     * @param spans the request's spans
     * @param byId  every span of the trace, to walk up parents
     */
    static ModelCalls of(List<OtlpSpan> spans, Map<String, OtlpSpan> byId) {
        Set<String> inRequest = new java.util.HashSet<>();
        List<OtlpSpan> llm = new ArrayList<>();
        for (OtlpSpan span : spans) {
            if (span.role() == OtlpSpan.Role.LLM) {
                llm.add(span);
                inRequest.add(span.spanId());
            }
        }
        Map<String, OtlpSpan> wrapperOf = new HashMap<>();
        Map<String, Integer> innerCount = new HashMap<>();
        for (OtlpSpan span : llm) {
            OtlpSpan wrapper = nearestLlmAncestor(span, byId, inRequest);
            if (wrapper != null) {
                wrapperOf.put(span.spanId(), wrapper);
                innerCount.merge(wrapper.spanId(), 1, Integer::sum);
            }
        }
        List<Call> calls = new ArrayList<>();
        for (OtlpSpan span : llm) {
            if (!innerCount.containsKey(span.spanId())) {
                calls.add(merge(span, wrapperOf, innerCount));
            }
        }
        calls.sort(Comparator.comparingLong(c -> c.span().startNanos()));
        return new ModelCalls(calls, llm.size() - calls.size());
    }

    List<Call> calls() {
        return calls;
    }

    /** How many call spans were wrappers of others and not counted on their own. */
    int merged() {
        return merged;
    }

    private static OtlpSpan nearestLlmAncestor(OtlpSpan span, Map<String, OtlpSpan> byId, Set<String> inRequest) {
        OtlpSpan up = span;
        // Bounded by the span count, in case broken ids make the parent chain a cycle.
        for (int steps = 0; steps < byId.size() && up.parentSpanId() != null; steps++) {
            up = byId.get(up.parentSpanId());
            if (up == null || up == span) {
                return null;
            }
            if (up.role() == OtlpSpan.Role.LLM && inRequest.contains(up.spanId())) {
                return up;
            }
        }
        return null;
    }

    /** The innermost span, completed from the wrappers above it that wrap nothing else. */
    private static Call merge(OtlpSpan span, Map<String, OtlpSpan> wrapperOf, Map<String, Integer> innerCount) {
        String operation = span.operation();
        String provider = span.provider();
        String model = span.model();
        long in = span.inputTokens();
        long out = span.outputTokens();
        long cache = span.cacheReadTokens();
        Double cost = span.costUsd();
        String input = span.input();
        String output = span.output();
        int steps = 0;
        for (OtlpSpan w = wrapperOf.get(span.spanId()); w != null && innerCount.get(w.spanId()) == 1
                && steps < 64; w = wrapperOf.get(w.spanId()), steps++) {
            operation = operation != null ? operation : w.operation();
            provider = provider != null ? provider : w.provider();
            model = model != null ? model : w.model();
            if (in < 0 && out < 0 && w.hasUsage()) {
                in = w.inputTokens();
                out = w.outputTokens();
            }
            cache = cache >= 0 ? cache : w.cacheReadTokens();
            cost = cost != null ? cost : w.costUsd();
            input = input != null ? input : w.input();
            output = output != null ? output : w.output();
        }
        return new Call(span, operation, provider, model, in, out, cache, cost, input, output);
    }
}
