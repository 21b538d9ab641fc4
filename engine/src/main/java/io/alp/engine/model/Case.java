package io.alp.engine.model;

import java.util.Map;
import java.util.TreeMap;

/** One frozen request from the agent's traffic: what the agent is asked, plus attributes (route, segment, ...). */
public record Case(String id, String input, Map<String, String> attributes) {
    public Case {
        attributes = attributes == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
    }
}
