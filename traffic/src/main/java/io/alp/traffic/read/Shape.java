package io.alp.traffic.read;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * What a JSON record looks like, by its field names, so that a reader given the wrong kind of file can say what
 * the file is instead.
 */
public enum Shape {
    OTLP_TRACES("OTLP/JSON traces (resourceSpans)"),
    OTLP_OTHER("OTLP/JSON logs or metrics"),
    LANGFUSE_PAGE("a Langfuse API page (data and meta)"),
    LANGFUSE_OBSERVATION("a Langfuse observation (traceId and type)"),
    LANGFUSE_TRACE("a Langfuse trace"),
    ALP_REQUEST("an ALP JSONL request");

    private static final List<String> LANGFUSE_TRACE_FIELDS = List.of("observations", "scores", "sessionId",
            "totalCost", "htmlPath", "projectId", "userId", "latency");
    private static final List<String> ALP_FIELDS = List.of("input_tokens", "output_tokens", "cost_usd",
            "conversation_id", "calls", "trace_id");

    private final String description;

    Shape(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** The shape of a JSON object, or null when it is not one of the known ones. */
    public static Shape of(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        if (node.has("resourceSpans")) {
            return OTLP_TRACES;
        }
        if (node.has("resourceLogs") || node.has("resourceMetrics")) {
            return OTLP_OTHER;
        }
        if (node.path("data").isArray() && !node.has("id")) {
            return LANGFUSE_PAGE;
        }
        if (node.has("traceId") && node.has("type")) {
            return LANGFUSE_OBSERVATION;
        }
        if (LANGFUSE_TRACE_FIELDS.stream().anyMatch(node::has)) {
            return LANGFUSE_TRACE;
        }
        if (ALP_FIELDS.stream().anyMatch(node::has)) {
            return ALP_REQUEST;
        }
        return null;
    }

    @Override
    public String toString() {
        return description;
    }
}
