package io.alp.traffic.langfuse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alp.traffic.read.Json;

import java.io.IOException;

/**
 * Walks one top-level JSON value of a Langfuse export and hands each trace to the handler as soon as it is read:
 * an array of traces, an API page {@code {"data": [traces], "meta": {...}}} or a single trace. Only one trace is
 * held in memory at a time, however long the array.
 */
final class TraceItems {

    private final String fileName;
    private final ExportHandler handler;

    TraceItems(String fileName, ExportHandler handler) {
        this.fileName = fileName;
        this.handler = handler;
    }

    /**
     * @param parser   positioned at the value's first token
     * @param lineBase added to the parser's line numbers (when the parser reads one line of a larger file)
     */
    void root(JsonParser parser, long lineBase) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_ARRAY) {
            array(parser, lineBase);
        } else if (token == JsonToken.START_OBJECT) {
            object(parser, lineBase, 0);
        } else {
            handler.notATrace(location(parser, lineBase, 0), "a JSON " + scalarKind(token));
        }
    }

    private void array(JsonParser parser, long lineBase) throws IOException {
        int index = 0;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            index++;
            if (token == JsonToken.START_OBJECT) {
                object(parser, lineBase, index);
            } else {
                handler.notATrace(location(parser, lineBase, index),
                        token == JsonToken.START_ARRAY ? "a JSON array" : "a JSON " + scalarKind(token));
                parser.skipChildren();
            }
        }
    }

    /**
     * Reads the object field by field: a {@code data} array (in an object without an id) is a page of traces,
     * streamed; otherwise the fields make up one trace.
     */
    private void object(JsonParser parser, long lineBase, int index) throws IOException {
        String location = location(parser, lineBase, index);
        ObjectNode fields = Json.MAPPER.createObjectNode();
        boolean page = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.equals("data") && value == JsonToken.START_ARRAY && !fields.has("id")) {
                page = true;
                array(parser, lineBase);
            } else {
                fields.set(name, parser.<JsonNode>readValueAsTree());
            }
        }
        if (!page) {
            handler.trace(download(fields), location);
        }
    }

    /**
     * A trace as the Langfuse UI downloads it, {@code {"trace": {...}, "observations": [...]}} (scores beside or
     * inside the trace), as one trace object with its observations and scores; any other object as it is.
     */
    private static ObjectNode download(ObjectNode fields) {
        JsonNode trace = fields.get("trace");
        if (fields.has("id") || trace == null || !trace.isObject()) {
            return fields;
        }
        ObjectNode merged = (ObjectNode) trace;
        for (String part : new String[] {"observations", "scores"}) {
            JsonNode beside = fields.get(part);
            if (beside != null && beside.isArray() && !(merged.path(part).isArray() && merged.get(part).size() > 0
                    && merged.get(part).get(0).isObject())) {
                merged.set(part, beside);
            }
        }
        return merged;
    }

    private String location(JsonParser parser, long lineBase, int index) {
        long line = lineBase + parser.currentTokenLocation().getLineNr();
        return fileName + " line " + line + (index > 0 ? " (trace " + index + ")" : "");
    }

    private static String scalarKind(JsonToken token) {
        return switch (token) {
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            default -> "null";
        };
    }
}
