package io.alp.traffic.otlp;

import io.alp.engine.traffic.LlmCall;

import io.alp.traffic.read.CallNesting;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The model calls among a request's spans, each counted once ({@link CallNesting}): the innermost call spans, each
 * completed from the wrappers that describe only it (model, usage, cost, text the inner span left out).
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
        Set<OtlpSpan> inRequest = new HashSet<>(spans);
        CallNesting<OtlpSpan> nesting = CallNesting.of(byId.values(), inRequest::contains, OtlpSpan::spanId,
                OtlpSpan::parentSpanId, span -> span.role() == OtlpSpan.Role.LLM);
        List<Call> calls = new ArrayList<>();
        nesting.calls().forEach((span, wrappers) -> calls.add(merge(span, wrappers)));
        calls.sort(Comparator.comparingLong(c -> c.span().startNanos()));
        return new ModelCalls(calls, nesting.merged());
    }

    List<Call> calls() {
        return calls;
    }

    /** How many call spans were wrappers of others and not counted on their own. */
    int merged() {
        return merged;
    }

    /** The innermost span, completed from the wrappers above it that wrap nothing else. */
    private static Call merge(OtlpSpan span, List<OtlpSpan> wrappers) {
        String operation = span.operation();
        String provider = span.provider();
        String model = span.model();
        long in = span.inputTokens();
        long out = span.outputTokens();
        long cache = span.cacheReadTokens();
        Double cost = span.costUsd();
        String input = span.input();
        String output = span.output();
        for (OtlpSpan w : wrappers) {
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
