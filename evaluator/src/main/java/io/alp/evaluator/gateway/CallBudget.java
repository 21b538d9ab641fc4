package io.alp.evaluator.gateway;

import io.alp.engine.port.LlmClient.Usage;
import io.alp.engine.port.PriceTable;

import java.util.Locale;

/**
 * Decides, before a call is forwarded, the most it may cost: its input can be no more tokens than its body has
 * bytes, and its output no more than the {@code max_tokens} the gateway sends. The output bound is clamped so that
 * the whole call fits in what the run has left; a call whose input alone may not fit is refused.
 */
final class CallBudget {

    private static final double MTOK = 1_000_000;

    private CallBudget() {
    }

    /**
     * What to do with one call.
     *
     * @param maxTokens the output bound to send; 0 when the call is refused or unbounded
     * @param holdUsd   what the call may cost at most, held against the run until it ends (0 when unbounded)
     * @param refusal   why the call is refused, or null
     */
    record Decision(long maxTokens, double holdUsd, String refusal) {
        static Decision refused(String why) {
            return new Decision(0, 0, why);
        }
    }

    /**
     * @param remainingUsd what the run may still spend; infinite when it has no cap
     * @param bodyBytes    the size of the body sent upstream
     * @param askedMax     the output bound the candidate asked for, or 0 for none
     */
    static Decision decide(PriceTable prices, String model, double remainingUsd, long bodyBytes, long askedMax) {
        if (Double.isInfinite(remainingUsd)) {
            return new Decision(askedMax, 0, null);
        }
        double inPerToken = Math.max(prices.costUsd(model, new Usage((long) MTOK, 0, 0, 0)),
                prices.costUsd(model, new Usage((long) MTOK, 0, 0, (long) MTOK))) / MTOK;
        double outPerToken = prices.costUsd(model, new Usage(0, (long) MTOK, 0, 0)) / MTOK;
        double input = bodyBytes * inPerToken;
        double room = remainingUsd - input;
        if (room <= 0 || outPerToken > 0 && room < outPerToken) {
            return Decision.refused(String.format(Locale.ROOT, "the call cannot fit in what the run has left "
                    + "($%.6f): its input alone may cost up to $%.6f", Math.max(0, remainingUsd), input));
        }
        long fits = outPerToken == 0 ? Long.MAX_VALUE : (long) Math.floor(room / outPerToken);
        long bound = askedMax > 0 ? Math.min(askedMax, fits) : fits;
        if (bound == Long.MAX_VALUE) {
            return new Decision(askedMax, input, null);
        }
        return new Decision(bound, input + bound * outPerToken, null);
    }
}
