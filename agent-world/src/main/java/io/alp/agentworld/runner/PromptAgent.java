package io.alp.agentworld.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Map;

/**
 * An agent that is one model call: a manifest ({@code agent.json}: {@code model}, {@code system} (the file holding
 * the system prompt), {@code maxTokens}, {@code temperature}) and the prompt file it names. Both are part of the
 * editable source, so prompt edits and model-routing edits are ordinary edits.
 */
public record PromptAgent(String model, String systemPrompt, int maxTokens, double temperature) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @throws IllegalArgumentException naming the manifest and the field when the source does not describe an agent
     */
    public static PromptAgent read(Map<String, String> files, String manifest) {
        String text = files.get(manifest);
        if (text == null) {
            throw new IllegalArgumentException("the agent's manifest " + manifest + " is missing from its source");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(manifest + " is not valid JSON: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(manifest + " must be a JSON object");
        }
        String model = text(root, manifest, "model");
        String systemFile = text(root, manifest, "system");
        String system = files.get(systemFile);
        if (system == null) {
            throw new IllegalArgumentException(manifest + ": system names " + systemFile
                    + ", which is not in the agent's source");
        }
        int maxTokens = root.path("maxTokens").asInt(1024);
        double temperature = root.path("temperature").asDouble(0);
        if (maxTokens < 1 || temperature < 0 || temperature > 2) {
            throw new IllegalArgumentException(manifest + ": maxTokens must be positive and temperature in [0, 2]");
        }
        return new PromptAgent(model, system, maxTokens, temperature);
    }

    private static String text(JsonNode root, String manifest, String field) {
        JsonNode node = root.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw new IllegalArgumentException(manifest + ": field '" + field + "' must be a non-empty string");
        }
        return node.asText().trim();
    }
}
