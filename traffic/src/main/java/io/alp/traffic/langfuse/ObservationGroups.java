package io.alp.traffic.langfuse;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alp.traffic.read.Json;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Observations given on their own (a JSON Lines export or an API page of observations, each with its
 * {@code traceId}) gathered into one trace object per trace id, {@code {"id": ..., "observations": [...]}}. At most
 * {@value #MAX_OPEN} traces are held; beyond that the one begun first is handed on as it is.
 */
final class ObservationGroups {

    static final int MAX_OPEN = 10_000;

    private record Group(ObjectNode trace, String location) {
    }

    private final LinkedHashMap<String, Group> open = new LinkedHashMap<>(256);
    private final BiConsumer<ObjectNode, String> out;

    /** @param out receives each gathered trace with the location of its first observation */
    ObservationGroups(BiConsumer<ObjectNode, String> out) {
        this.out = out;
    }

    void add(String traceId, ObjectNode observation, String location) {
        Group group = open.computeIfAbsent(traceId, id -> {
            ObjectNode trace = Json.MAPPER.createObjectNode();
            trace.put("id", id);
            trace.putArray("observations");
            return new Group(trace, location);
        });
        ((ArrayNode) group.trace().get("observations")).add(observation);
        if (open.size() > MAX_OPEN) {
            Iterator<Map.Entry<String, Group>> eldest = open.entrySet().iterator();
            Group g = eldest.next().getValue();
            eldest.remove();
            out.accept(g.trace(), g.location());
        }
    }

    void flush() {
        open.values().forEach(g -> out.accept(g.trace(), g.location()));
        open.clear();
    }
}
