package io.alp.evaluator.gateway;

import io.alp.engine.port.LlmClient.Usage;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** Running totals per (session, node) over every run the gateway opened, updated as each call is attributed. */
public final class GatewayLedger {

    public record NodeKey(String sessionId, String nodeId) {
        public NodeKey {
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(nodeId, "nodeId");
        }
    }

    /** @param runs runs opened; the other fields as in {@link RunUsage} */
    public record Totals(int runs, int calls, int failedCalls, int rejected, Usage usage, double costUsd) {
        public static final Totals NONE = new Totals(0, 0, 0, 0, Usage.NONE, 0);
    }

    private final ConcurrentHashMap<NodeKey, Totals> totals = new ConcurrentHashMap<>();

    public Totals totals(String sessionId, String nodeId) {
        return totals.getOrDefault(new NodeKey(sessionId, nodeId), Totals.NONE);
    }

    /** Every node of a session that has a run. */
    public Map<NodeKey, Totals> session(String sessionId) {
        return totals.entrySet().stream().filter(e -> e.getKey().sessionId().equals(sessionId))
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** Drops a finished session's totals. */
    public void forget(String sessionId) {
        totals.keySet().removeIf(k -> k.sessionId().equals(sessionId));
    }

    void runOpened(RunScope scope) {
        totals.merge(key(scope), new Totals(1, 0, 0, 0, Usage.NONE, 0), GatewayLedger::sum);
    }

    void called(RunScope scope, Usage usage, double costUsd, boolean failed) {
        totals.merge(key(scope), new Totals(0, 1, failed ? 1 : 0, 0, usage, costUsd), GatewayLedger::sum);
    }

    void rejected(RunScope scope) {
        totals.merge(key(scope), new Totals(0, 0, 0, 1, Usage.NONE, 0), GatewayLedger::sum);
    }

    private static NodeKey key(RunScope scope) {
        return new NodeKey(scope.sessionId(), scope.nodeId());
    }

    private static Totals sum(Totals a, Totals b) {
        return new Totals(a.runs() + b.runs(), a.calls() + b.calls(), a.failedCalls() + b.failedCalls(),
                a.rejected() + b.rejected(), a.usage().plus(b.usage()), a.costUsd() + b.costUsd());
    }
}
