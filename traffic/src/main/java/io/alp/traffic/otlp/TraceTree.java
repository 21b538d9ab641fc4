package io.alp.traffic.otlp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The parent links of one trace's spans: its root, top-most spans, agents and subtrees. */
final class TraceTree {

    private static final Comparator<OtlpSpan> BY_START = Comparator.comparingLong(OtlpSpan::startNanos);

    private final Map<String, OtlpSpan> byId;
    private final Map<String, List<OtlpSpan>> children = new HashMap<>();
    private final List<OtlpSpan> topMost = new ArrayList<>();
    private OtlpSpan root;

    TraceTree(Map<String, OtlpSpan> byId) {
        this.byId = byId;
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
    }

    /** The root span, or null when it was never read. */
    OtlpSpan root() {
        return root;
    }

    OtlpSpan earliestTopMost() {
        return topMost.stream().min(BY_START).orElseThrow();
    }

    /** Agent spans with no agent span above them, in start order. */
    List<OtlpSpan> topMostAgents() {
        List<OtlpSpan> agents = new ArrayList<>();
        for (OtlpSpan span : byId.values()) {
            if (span.role() == OtlpSpan.Role.AGENT && !belowAnotherAgent(span)) {
                agents.add(span);
            }
        }
        agents.sort(BY_START);
        return agents;
    }

    private boolean belowAnotherAgent(OtlpSpan span) {
        OtlpSpan up = span;
        // Bounded by the span count, in case broken ids make the parent chain a cycle.
        for (int steps = 0; steps < byId.size() && up.parentSpanId() != null; steps++) {
            up = byId.get(up.parentSpanId());
            if (up == null || up == span) {
                return false;
            }
            if (up.role() == OtlpSpan.Role.AGENT) {
                return true;
            }
        }
        return false;
    }

    /** The span and everything below it. */
    List<OtlpSpan> subtree(OtlpSpan top) {
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
}
