package io.alp.agentworld.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A command agent's model map: a JSON object in its source mapping the model names the agent asks for to the
 * session's {@code provider/model} names. Routing edits change this file, not the agent's code.
 */
public final class ModelMaps {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelMaps() {
    }

    /**
     * @throws IllegalArgumentException naming the file when it is not such an object, or maps to a model outside
     *                                  the session's models
     */
    public static Map<String, String> read(String text, String file, List<String> models) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(file + " is not valid JSON: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + " must be a JSON object mapping model names to provider/model");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (var field : (Iterable<Map.Entry<String, JsonNode>>) root::fields) {
            String target = field.getValue().asText("");
            if (!field.getValue().isTextual() || !models.contains(target)) {
                throw new IllegalArgumentException(file + ": " + field.getKey() + " maps to " + field.getValue()
                        + ", which is not among the session's models " + models);
            }
            map.put(field.getKey(), target);
        }
        return map;
    }
}
