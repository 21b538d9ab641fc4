package io.alp.evaluator.gateway;

import java.util.Map;
import java.util.Objects;

/**
 * What one run of a candidate is attributed to, and how its model names are routed.
 *
 * @param modelMap                 model name as the candidate asks for it → {@code provider/model} (or a bare model
 *                                 name for the default provider of the same protocol); applied before anything else
 * @param defaultOpenAiProvider    the provider a bare model name asked through the OpenAI route goes to; null to
 *                                 use the only OpenAI-protocol provider when there is exactly one
 * @param defaultAnthropicProvider the same for the Anthropic route
 */
public record RunScope(String sessionId, String nodeId, String caseId, Map<String, String> modelMap,
                       String defaultOpenAiProvider, String defaultAnthropicProvider) {
    public RunScope {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(caseId, "caseId");
        modelMap = modelMap == null ? Map.of() : Map.copyOf(modelMap);
    }

    public static RunScope of(String sessionId, String nodeId, String caseId) {
        return new RunScope(sessionId, nodeId, caseId, Map.of(), null, null);
    }

    public RunScope withModelMap(Map<String, String> map) {
        return new RunScope(sessionId, nodeId, caseId, map, defaultOpenAiProvider, defaultAnthropicProvider);
    }
}
