package io.alp.traffic.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Says what a line that is not an OTLP export request looks like instead, for the error that rejects a file. */
final class FormatGuess {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> LANGFUSE_TYPES = Set.of("GENERATION", "SPAN", "EVENT", "AGENT", "TOOL");

    private FormatGuess() {
    }

    /** Whether the line opens a JSON array: one whose elements are not export requests shows the file is not OTLP. */
    static boolean opensArray(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != (byte) 0xEF && b != (byte) 0xBB && b != (byte) 0xBF) {
                return b == '[';
            }
        }
        return false;
    }

    /**
     * @param bytes   the first non-blank line of the file
     * @param problem why that line could not be read as an export request
     */
    static String describe(byte[] bytes, int length, String problem) {
        String text = new String(bytes, 0, length, StandardCharsets.UTF_8).strip();
        for (int i = 0; i < Math.min(length, 512); i++) {
            if (bytes[i] == 0) {
                return "binary data (OTLP protobuf? this reader takes OTLP/JSON)";
            }
        }
        if (text.startsWith("[")) {
            return "a JSON array whose elements are not export requests (" + problem + ")";
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (IOException e) {
            return "not JSON (the first line starts " + quote(text) + ")";
        }
        if (node == null || !node.isObject()) {
            return "JSON values that are not objects (the first line starts " + quote(text) + ")";
        }
        return describe(node, problem);
    }

    /**
     * @param node    the first JSON object of the file (its nested values may be left empty)
     * @param problem why it could not be read as an export request
     */
    static String describe(JsonNode node, String problem) {
        if (node == null) {
            return "JSON that holds no object";
        }
        if (node.has("resourceSpans") || node.has("batches")) {
            return "broken OTLP export requests (" + problem + ")";
        }
        String keys = keys(node);
        if (node.has("resourceLogs")) {
            return "OTLP logs, not traces";
        }
        if (node.has("resourceMetrics")) {
            return "OTLP metrics, not traces";
        }
        if (node.has("trace") && node.has("observations")) {
            return "a Langfuse trace download ({trace, observations}; read it with kind: langfuse)";
        }
        JsonNode type = node.get("type");
        String langfuse = node.has("observations") ? "observations" : node.has("scores") ? "scores"
                : type != null && type.isTextual() && LANGFUSE_TYPES.contains(type.textValue())
                ? "type " + type.textValue() : null;
        if (langfuse != null) {
            return "a Langfuse export (JSON objects with " + langfuse + "; keys " + keys + "; no resourceSpans)";
        }
        if (node.has("data") && node.has("meta")) {
            return "a Langfuse API page ({data, meta}; read it with kind: langfuse)";
        }
        if (node.has("data") || node.has("traceID")) {
            return "JSON objects with keys " + keys + " that hold neither Jaeger traces (each with traceID and spans)"
                    + " nor resourceSpans";
        }
        if (node.has("traceId") && node.has("spanId")) {
            return "bare spans (keys " + keys + ") not wrapped in {\"resourceSpans\":[...]} export requests";
        }
        if (node.has("input") || node.has("messages") || node.has("prompt") || node.has("request")) {
            return "a JSONL request log (JSON objects with keys " + keys + ", no resourceSpans)";
        }
        return "JSON objects with keys " + keys + " but no resourceSpans";
    }

    private static String keys(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext() && names.size() < 8; ) {
            names.add(it.next());
        }
        return String.join(", ", names) + (node.size() > names.size() ? ", ..." : "");
    }

    private static String quote(String text) {
        return "'" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'";
    }
}
