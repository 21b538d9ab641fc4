package io.alp.traffic.otlp;

import io.alp.engine.traffic.Feedback;
import io.alp.engine.traffic.LlmCall;
import io.alp.engine.traffic.ReadReport;
import io.alp.engine.traffic.Request;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the spans of a complete trace into requests, one per user turn. A trace without agent spans is one turn,
 * rooted at its root span, or, when the root was never read, at its earliest top-most span (marked with
 * {@link #ROOT_MISSING}). In a trace with agent spans, the top-most agents are grouped into turns by the user
 * message they answer ({@link UserTurns}): agents that hand off to one another answer the same message and make
 * one request. A trace of one turn is one request over all its spans; in a trace of several, a model call outside
 * every turn's agents is counted as skipped. A trace with neither a model call nor any input text is no request
 * (a health check, a controller's own work) and is counted as skipped.
 * The request id is the trace id, or trace id and first agent span id when the trace holds several turns.
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
        TraceTree tree = new TraceTree(byId);
        List<OtlpSpan> all = new ArrayList<>(byId.values());
        List<List<OtlpSpan>> turns = UserTurns.of(tree.topMostAgents(), tree, byId);
        if (turns.size() <= 1) {
            OtlpSpan root = tree.root();
            List<OtlpSpan> agents = turns.isEmpty() ? List.of() : turns.get(0);
            OtlpSpan top = agents.isEmpty() ? (root != null ? root : tree.earliestTopMost()) : agents.get(0);
            Turn turn = new Turn(trace.traceId, top, root, root == null && agents.isEmpty(), agents, all);
            Request request = turn.request(byId, report);
            if (request.calls().isEmpty() && request.input().isBlank() && agents.isEmpty()) {
                report.skipped(ReadReport.NO_CALL_NOR_INPUT, "trace " + trace.traceId, "root span '" + top.name()
                        + "' with " + all.size() + " span(s), none a model call, no input recorded");
                return List.of();
            }
            return List.of(request);
        }
        List<Request> requests = new ArrayList<>(turns.size());
        Set<String> covered = new java.util.HashSet<>();
        for (List<OtlpSpan> agents : turns) {
            List<OtlpSpan> spans = new ArrayList<>();
            for (OtlpSpan agent : agents) {
                spans.addAll(tree.subtree(agent));
            }
            spans.forEach(span -> covered.add(span.spanId()));
            String id = trace.traceId + "/" + agents.get(0).spanId();
            requests.add(new Turn(id, agents.get(0), tree.root(), false, agents, spans).request(byId, report));
        }
        for (OtlpSpan span : all) {
            if (span.role() == OtlpSpan.Role.LLM && !covered.contains(span.spanId())) {
                report.skipped(ReadReport.CALL_OUTSIDE_REQUESTS, "trace " + trace.traceId, "span " + span.spanId()
                        + " ('" + span.name() + "') is a model call outside the " + turns.size()
                        + " user turns' agents");
            }
        }
        return requests;
    }

    /**
     * One user turn.
     *
     * @param top    the request's span: its first agent, the trace root, or the earliest top-most span
     * @param root   the trace's root span, or null when it was never read
     * @param agents the turn's top-most agent spans in start order (empty when the trace has none)
     * @param spans  every span of the turn
     */
    private record Turn(String id, OtlpSpan top, OtlpSpan root, boolean rootMissing, List<OtlpSpan> agents,
                        List<OtlpSpan> spans) {

        Request request(Map<String, OtlpSpan> byId, ReadReport.Builder report) {
            spans.sort(BY_START);
            ModelCalls modelCalls = ModelCalls.of(spans, byId);
            if (modelCalls.merged() > 0) {
                report.skipped(ReadReport.NESTED_CALL, "trace " + top.traceId(), modelCalls.merged()
                        + " span(s) wrapping another span of the same model call, counted once");
            }
            List<LlmCall> calls = new ArrayList<>();
            Set<String> models = new LinkedHashSet<>();
            long inputTokens = 0;
            long outputTokens = 0;
            Double cost = null;
            for (ModelCalls.Call call : modelCalls.calls()) {
                LlmCall c = call.toLlmCall();
                calls.add(c);
                if (c.model() != null) {
                    models.add(c.model());
                }
                inputTokens += c.inputTokens();
                outputTokens += c.outputTokens();
                if (c.costUsd() != null) {
                    cost = (cost == null ? 0 : cost) + c.costUsd();
                }
            }
            // Agent-level instrumentation without call spans may still state the model, usage or cost on top.
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
            List<Feedback> feedback = new ArrayList<>();
            boolean error = false;
            for (OtlpSpan span : spans) {
                feedback.addAll(span.feedback());
            }
            if (!spans.contains(root) && root != null) {
                feedback.addAll(root.feedback());
            }
            List<OtlpSpan> speakers = speakers();
            for (OtlpSpan span : speakers) {
                error |= span.error();
            }
            long start = Long.MAX_VALUE;
            long end = 0;
            for (OtlpSpan span : spans) {
                if (span.startNanos() > 0) {
                    start = Math.min(start, span.startNanos());
                }
                end = Math.max(end, span.endNanos());
            }
            Map<String, String> attributes = new HashMap<>();
            if (root != null) {
                attributes.putAll(root.resource());
                attributes.putAll(root.attributes());
            }
            for (OtlpSpan span : speakers) {
                attributes.putAll(span.resource());
                attributes.putAll(span.attributes());
            }
            if (rootMissing) {
                attributes.put(ROOT_MISSING, "true");
            }
            return new Request(id, top.traceId(), top.spanId(), instant(start), instant(end),
                    TurnText.input(speakers, modelCalls.calls()), TurnText.output(speakers, modelCalls.calls()),
                    new ArrayList<>(models), inputTokens, outputTokens, cost, conversation(speakers), error,
                    feedback, calls, attributes);
        }

        /** The spans that speak for the whole turn, most telling first: the root (when in the turn), the agents. */
        private List<OtlpSpan> speakers() {
            List<OtlpSpan> speakers = new ArrayList<>();
            if (root != null && (agents.isEmpty() || spans.contains(root))) {
                speakers.add(root);
            }
            for (OtlpSpan agent : agents) {
                if (agent != root) {
                    speakers.add(agent);
                }
            }
            if (speakers.isEmpty()) {
                speakers.add(top);
            }
            return speakers;
        }

        private String conversation(List<OtlpSpan> speakers) {
            for (OtlpSpan span : speakers) {
                if (span.conversationId() != null) {
                    return span.conversationId();
                }
            }
            if (root != null && root.conversationId() != null) {
                return root.conversationId();
            }
            return spans.stream().map(OtlpSpan::conversationId).filter(c -> c != null).findFirst().orElse(null);
        }
    }

    private static Instant instant(long nanos) {
        return nanos <= 0 || nanos == Long.MAX_VALUE ? null
                : Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L);
    }
}
