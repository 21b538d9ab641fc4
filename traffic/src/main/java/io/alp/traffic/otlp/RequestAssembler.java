package io.alp.traffic.otlp;

import io.alp.engine.traffic.Feedback;
import io.alp.engine.traffic.LlmCall;
import io.alp.engine.traffic.ReadReport;
import io.alp.engine.traffic.Request;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the spans of a complete trace into requests, one per agent invocation. A trace holding agent spans gives
 * one request per top-most agent span and its subtree; spans outside every agent subtree are left out, but the
 * trace root still lends its conversation id and attributes. Any other trace is one request rooted at its root
 * span, or, when the root was never read, at its earliest top-most span, marked with {@link #ROOT_MISSING}.
 * The request id is the trace id, or trace id and agent span id when the trace holds several agent invocations.
 */
final class RequestAssembler {

    /** Attribute set to {@code true} on a request whose trace had no root span. */
    static final String ROOT_MISSING = "otlp.root_missing";

    private static final Comparator<OtlpSpan> BY_START = Comparator.comparingLong(OtlpSpan::startNanos);

    private final ReadReport.Builder report;

    RequestAssembler(ReadReport.Builder report) {
        this.report = report;
    }

    List<Request> assemble(TraceState trace) {
        Map<String, OtlpSpan> byId = new LinkedHashMap<>();
        for (OtlpSpan span : trace.spans) {
            // an exporter's retry can send a span twice
            if (byId.putIfAbsent(span.spanId(), span) != null) {
                report.skipped(ReadReport.DUPLICATE_SPAN, "trace " + trace.traceId, "span " + span.spanId()
                        + " ('" + span.name() + "') read twice; the first copy is kept");
            }
        }
        Map<String, List<OtlpSpan>> children = new HashMap<>();
        List<OtlpSpan> topMost = new ArrayList<>();
        OtlpSpan root = null;
        for (OtlpSpan span : byId.values()) {
            if (span.parentSpanId() != null && byId.containsKey(span.parentSpanId())) {
                children.computeIfAbsent(span.parentSpanId(), k -> new ArrayList<>()).add(span);
            } else {
                topMost.add(span);
            }
            if (span.root() && (root == null || span.startNanos() < root.startNanos())) {
                root = span;
            }
        }
        List<OtlpSpan> agents = topMostAgents(byId);
        if (agents.isEmpty()) {
            List<OtlpSpan> all = new ArrayList<>(byId.values());
            OtlpSpan top = root != null ? root : topMost.stream().min(BY_START).orElseThrow();
            return List.of(request(trace.traceId, top, root == null, all, null, List.of()));
        }
        List<Request> requests = new ArrayList<>(agents.size());
        Set<String> covered = new HashSet<>();
        List<List<OtlpSpan>> subtrees = new ArrayList<>(agents.size());
        for (OtlpSpan agent : agents) {
            List<OtlpSpan> subtree = subtree(agent, children);
            subtree.forEach(span -> covered.add(span.spanId()));
            subtrees.add(subtree);
        }
        // Feedback recorded outside the agent (e.g. on the HTTP root) belongs to it when it is the only one.
        List<Feedback> outside = new ArrayList<>();
        if (agents.size() == 1) {
            byId.values().stream().filter(s -> !covered.contains(s.spanId())).sorted(BY_START)
                    .forEach(s -> outside.addAll(s.feedback()));
        }
        for (int i = 0; i < agents.size(); i++) {
            OtlpSpan agent = agents.get(i);
            String id = agents.size() == 1 ? trace.traceId : trace.traceId + "/" + agent.spanId();
            OtlpSpan context = root == agent ? null : root;
            requests.add(request(id, agent, false, subtrees.get(i), context, outside));
        }
        return requests;
    }

    /** Agent spans with no agent span above them, in start order. */
    private static List<OtlpSpan> topMostAgents(Map<String, OtlpSpan> byId) {
        List<OtlpSpan> agents = new ArrayList<>();
        for (OtlpSpan span : byId.values()) {
            if (span.role() != OtlpSpan.Role.AGENT) {
                continue;
            }
            boolean nested = false;
            OtlpSpan up = span;
            // Bounded by the span count, in case broken ids make the parent chain a cycle.
            for (int steps = 0; steps < byId.size() && up.parentSpanId() != null; steps++) {
                up = byId.get(up.parentSpanId());
                if (up == null) {
                    break;
                }
                if (up.role() == OtlpSpan.Role.AGENT && up != span) {
                    nested = true;
                    break;
                }
            }
            if (!nested) {
                agents.add(span);
            }
        }
        agents.sort(BY_START);
        return agents;
    }

    private static List<OtlpSpan> subtree(OtlpSpan top, Map<String, List<OtlpSpan>> children) {
        List<OtlpSpan> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        ArrayDeque<OtlpSpan> todo = new ArrayDeque<>();
        todo.push(top);
        while (!todo.isEmpty()) {
            OtlpSpan span = todo.pop();
            if (seen.add(span.spanId())) {
                out.add(span);
                children.getOrDefault(span.spanId(), List.of()).forEach(todo::push);
            }
        }
        return out;
    }

    /**
     * @param top     the request's root: the trace root, an agent span, or the earliest top-most span
     * @param context the trace root when the request is an agent below it, else null
     */
    private static Request request(String id, OtlpSpan top, boolean rootMissing, List<OtlpSpan> spans,
                                   OtlpSpan context, List<Feedback> outsideFeedback) {
        spans.sort(BY_START);
        List<LlmCall> calls = new ArrayList<>();
        Set<String> models = new LinkedHashSet<>();
        long inputTokens = 0;
        long outputTokens = 0;
        Double cost = null;
        String firstInput = null;
        String lastOutput = null;
        String conversation = null;
        List<Feedback> feedback = new ArrayList<>();
        long start = Long.MAX_VALUE;
        long end = 0;
        for (OtlpSpan span : spans) {
            feedback.addAll(span.feedback());
            if (conversation == null) {
                conversation = span.conversationId();
            }
            if (span.startNanos() > 0) {
                start = Math.min(start, span.startNanos());
            }
            end = Math.max(end, span.endNanos());
            if (span.role() != OtlpSpan.Role.LLM) {
                continue;
            }
            calls.add(new LlmCall(span.spanId(), span.operation(), span.provider(), span.model(),
                    Math.max(0, span.inputTokens()), Math.max(0, span.outputTokens()),
                    Math.max(0, span.cacheReadTokens()), span.costUsd()));
            if (span.model() != null) {
                models.add(span.model());
            }
            inputTokens += Math.max(0, span.inputTokens());
            outputTokens += Math.max(0, span.outputTokens());
            if (span.costUsd() != null) {
                cost = (cost == null ? 0 : cost) + span.costUsd();
            }
            if (firstInput == null) {
                firstInput = span.input();
            }
            if (span.output() != null) {
                lastOutput = span.output();
            }
        }
        feedback.addAll(outsideFeedback);
        // Agent-level instrumentation without call spans may still state the model, usage or cost on the root.
        if (calls.isEmpty() && top.model() != null) {
            models.add(top.model());
        }
        if (calls.isEmpty() && top.hasUsage()) {
            inputTokens = Math.max(0, top.inputTokens());
            outputTokens = Math.max(0, top.outputTokens());
        }
        if (cost == null) {
            cost = top.costUsd();
        }
        if (top.conversationId() != null) {
            conversation = top.conversationId();
        } else if (conversation == null && context != null) {
            conversation = context.conversationId();
        }
        Map<String, String> attributes = new HashMap<>();
        if (context != null) {
            attributes.putAll(context.resource());
            attributes.putAll(context.attributes());
        }
        attributes.putAll(top.resource());
        attributes.putAll(top.attributes());
        if (rootMissing) {
            attributes.put(ROOT_MISSING, "true");
        } else {
            start = top.startNanos() > 0 ? top.startNanos() : start;
            end = top.endNanos() > 0 ? top.endNanos() : end;
        }
        String input = top.input() != null ? top.input() : firstInput;
        String output = top.output() != null ? top.output() : lastOutput;
        return new Request(id, top.traceId(), top.spanId(), instant(start), instant(end), input, output,
                new ArrayList<>(models), inputTokens, outputTokens, cost, conversation, top.error(), feedback, calls,
                attributes);
    }

    private static Instant instant(long nanos) {
        return nanos <= 0 || nanos == Long.MAX_VALUE ? null
                : Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L);
    }
}
