package io.alp.evaluator.gateway;

import io.alp.engine.port.LlmClient.Usage;
import io.alp.engine.port.PriceTable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
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
    /** What the calls in flight may still cost at most. */
    private double held;
    private final Map<String, RunUsage.ModelUsage> byModel = new HashMap<>();
    private final List<String> errors = new ArrayList<>();
    private boolean open = true;

    RunState(RunScope scope, GatewayLedger ledger) {
        this.scope = scope;
        this.ledger = ledger;
    }

    /** A call let through: the most it may cost, held against the run's cap until it ends. */
    record Hold(String model, double usd, long maxTokens) {
    }

    /**
     * Lets a call through (it then counts against the call cap and holds its bound against the dollar cap), or
     * says why not.
     *
     * @param askedMax the output bound the candidate asked for, 0 for none
     * @throws Refused when the call may not go ahead
     */
    synchronized Hold admit(GatewaySettings settings, PriceTable prices, String model, long bodyBytes,
                            long askedMax) throws Refused {
        if (!open) {
            throw new Refused("the run is closed");
        }
        if (settings.maxCallsPerRun() > 0 && admitted >= settings.maxCallsPerRun()) {
            throw new Refused("the run's budget is spent: " + admitted + " of " + settings.maxCallsPerRun()
                    + " calls used");
        }
        double cap = settings.maxUsdPerRun();
        if (cap > 0 && cost >= cap) {
            throw new Refused(String.format(Locale.ROOT, "the run's budget is spent: $%.6f of $%.6f used", cost,
                    cap));
        }
        CallBudget.Decision decision = CallBudget.decide(prices, model,
                cap > 0 ? cap - cost - held : Double.POSITIVE_INFINITY, bodyBytes, askedMax);
        if (decision.refusal() != null) {
            throw new Refused(decision.refusal());
        }
        admitted++;
        held += decision.holdUsd();
        return new Hold(model, decision.holdUsd(), decision.maxTokens());
    }

    /** Why a call is refused before it is forwarded. */
    static final class Refused extends Exception {
        Refused(String why) {
            super(why, null, false, false);
        }
    }

    synchronized void reject(String why) {
        rejected++;
        error("rejected: " + why);
        ledger.rejected(scope);
    }

    /**
     * One forwarded call ended; {@code error} is null when it succeeded. A run is never charged beyond its dollar
     * cap: usage that would take it past (what no provider honouring the bound the call was sent with can report)
     * is charged only up to the cap, and recorded as the provider's error.
     */
    synchronized void called(Hold hold, Usage used, double reportedUsd, String error, double capUsd) {
        String model = hold.model();
        held -= hold.usd();
        double usd = reportedUsd;
        double room = capUsd > 0 ? Math.max(0, capUsd - cost - held) : Double.POSITIVE_INFINITY;
        if (reportedUsd > room) {
            usd = room;
            error(String.format(Locale.ROOT, "%s: the provider reported usage costing $%.6f, beyond what the run "
                    + "could still spend ($%.6f; the call was sent with max_tokens %d): charged $%.6f", model,
                    reportedUsd, room, hold.maxTokens(), room));
        }
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
    synchronized void failed(Hold hold, String error) {
        called(hold, Usage.NONE, 0, error, 0);
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
