package io.alp.evaluator.gateway;

import io.alp.engine.port.LlmClient.Usage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The mutable attribution of one run; every method is synchronized. */
final class RunState {

    final RunScope scope;
    private final GatewayLedger ledger;
    private int admitted;
    private int calls;
    private int failed;
    private int rejected;
    private Usage usage = Usage.NONE;
    private double cost;
    private final Map<String, RunUsage.ModelUsage> byModel = new HashMap<>();
    private final List<String> errors = new ArrayList<>();
    private boolean open = true;

    RunState(RunScope scope, GatewayLedger ledger) {
        this.scope = scope;
        this.ledger = ledger;
    }

    /** @return null when the call may go ahead (and then counts against the call cap), else why not */
    synchronized String admit(GatewaySettings settings) {
        if (!open) {
            return "the run is closed";
        }
        if (settings.maxCallsPerRun() > 0 && admitted >= settings.maxCallsPerRun()) {
            return "the run's budget is spent: " + admitted + " of " + settings.maxCallsPerRun() + " calls used";
        }
        if (settings.maxUsdPerRun() > 0 && cost >= settings.maxUsdPerRun()) {
            return String.format(java.util.Locale.ROOT, "the run's budget is spent: $%.6f of $%.6f used", cost,
                    settings.maxUsdPerRun());
        }
        admitted++;
        return null;
    }

    synchronized void reject(String why) {
        rejected++;
        error("rejected: " + why);
        ledger.rejected(scope);
    }

    /** One forwarded call ended; {@code error} is null when it succeeded. */
    synchronized void called(String model, Usage used, double usd, String error) {
        calls++;
        usage = usage.plus(used);
        cost += usd;
        byModel.put(model, byModel.getOrDefault(model, RunUsage.ModelUsage.NONE).plus(used, usd));
        if (error != null) {
            failed++;
            error(model + ": " + error);
        }
        ledger.called(scope, used, usd, error != null);
    }

    /** One forwarded call ended without usage to attribute. */
    synchronized void failed(String model, String error) {
        called(model, Usage.NONE, 0, error);
    }

    private void error(String message) {
        if (errors.size() < RunUsage.MAX_ERRORS) {
            errors.add(message);
        }
    }

    synchronized void close() {
        open = false;
    }

    synchronized RunUsage snapshot() {
        return new RunUsage(scope, calls, failed, rejected, usage, cost, byModel, errors, open);
    }

    /** How the logs name the run. */
    @Override
    public String toString() {
        return "session " + scope.sessionId() + " node " + scope.nodeId() + " case " + scope.caseId();
    }
}
