package io.alp.evaluator.gateway;

import java.util.Map;

/**
 * The right to call models for one run: the token is the candidate's API key for both protocols. {@link #toString()}
 * never shows it.
 */
public record RunGrant(String token, RunScope scope, String openAiBaseUrl, String anthropicBaseUrl) {

    /** The environment to start the candidate with. */
    public Map<String, String> environment() {
        return Map.of("OPENAI_BASE_URL", openAiBaseUrl, "OPENAI_API_KEY", token,
                "ANTHROPIC_BASE_URL", anthropicBaseUrl, "ANTHROPIC_API_KEY", token);
    }

    @Override
    public String toString() {
        return "RunGrant[scope=" + scope + ", openAiBaseUrl=" + openAiBaseUrl + ", anthropicBaseUrl="
                + anthropicBaseUrl + ", token=<redacted>]";
    }
}
