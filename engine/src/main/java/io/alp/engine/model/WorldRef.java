package io.alp.engine.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * Which world a session's ports come from, self-contained so that any cluster node can build them:
 * the kind ({@code sim} for the simulated world), a name, the full definition text, and settings.
 */
public record WorldRef(String kind, String name, String definition, Map<String, String> settings) {
    public WorldRef {
        settings = settings == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(settings));
    }

    public String setting(String key, String fallback) {
        return settings.getOrDefault(key, fallback);
    }
}
