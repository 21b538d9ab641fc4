package io.alp.evaluator.gateway;

import io.alp.engine.port.LlmClient.Usage;

import java.util.List;
import java.util.Map;

/**
 * What one run spent through the gateway.
 *
 * @param calls       calls forwarded upstream, failed ones included
 * @param failedCalls forwarded calls that got an upstream error, no answer, or a stream cut short
 * @param rejected    requests the gateway refused without forwarding (bad model, unknown price, budget spent, ...)
 * @param byModel     per {@code provider/model} that answered
 * @param errors      what went wrong, oldest first (at most {@value #MAX_ERRORS} kept)
 * @param open        whether the run still accepts calls
 */
public record RunUsage(RunScope scope, int calls, int failedCalls, int rejected, Usage usage, double costUsd,
                       Map<String, ModelUsage> byModel, List<String> errors, boolean open) {

    public static final int MAX_ERRORS = 100;

    public RunUsage {
        byModel = Map.copyOf(byModel);
        errors = List.copyOf(errors);
    }

    public record ModelUsage(int calls, Usage usage, double costUsd) {
        static final ModelUsage NONE = new ModelUsage(0, Usage.NONE, 0);

        ModelUsage plus(Usage more, double cost) {
            return new ModelUsage(calls + 1, usage.plus(more), costUsd + cost);
        }
    }
}
