package io.alp.traffic.read;

import com.fasterxml.jackson.databind.JsonNode;
import io.alp.engine.traffic.LlmCall;
import io.alp.engine.traffic.Request;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ALP's flat request schema (see {@code traffic/JSONL.md}), shared by the JSONL file and the SQL query readers:
 * one JSON object, or one row turned into one, becomes one {@link Request}.
 */
public final class FlatRequest {

    /** The fields the schema defines; any other scalar field becomes an attribute. */
    public static final Set<String> FIELDS = Set.of("id", "input", "output", "timestamp", "start", "end", "model",
            "models", "input_tokens", "output_tokens", "cost_usd", "conversation_id", "error", "feedback",
            "trace_id", "span_id", "calls", "attributes");

    private FlatRequest() {
    }

    /** @throws BadRecordException naming the field when a required field is missing or a field has a wrong type */
    public static Request from(JsonNode record) {
        Fields fields = Fields.of(record);
        String id = fields.requiredText("id");
        JsonNode inputValue = fields.get("input");
        if (inputValue == null) {
            throw new BadRecordException("input is missing or null");
        }
        String input = MessageText.input(inputValue);
        String output = MessageText.output(fields.get("output"));
        Instant start = fields.instant("start");
        if (start == null) {
            start = fields.instant("timestamp");
        }
        Instant end = fields.instant("end");
        List<LlmCall> calls = calls(fields.get("calls"));
        Long inputTokens = fields.wholeNumber("input_tokens");
        Long outputTokens = fields.wholeNumber("output_tokens");
        Double cost = fields.number("cost_usd");
        Boolean error = fields.bool("error");
        List<String> models = models(fields, calls);
        if (calls.isEmpty() && models.size() == 1 && (inputTokens != null || outputTokens != null)) {
            // one model and its usage, without a call list: that is one call
            calls = List.of(new LlmCall(null, null, null, models.get(0), inputTokens == null ? 0 : inputTokens,
                    outputTokens == null ? 0 : outputTokens, 0, cost));
        }
        return new Request(id, fields.text("trace_id"), fields.text("span_id"), start, end, input, output, models,
                inputTokens != null ? inputTokens : calls.stream().mapToLong(LlmCall::inputTokens).sum(),
                outputTokens != null ? outputTokens : calls.stream().mapToLong(LlmCall::outputTokens).sum(),
                cost != null ? cost : totalCost(calls), fields.text("conversation_id"), Boolean.TRUE.equals(error),
                FeedbackField.parse(fields.get("feedback")), calls, attributes(record, fields));
    }

    private static List<LlmCall> calls(JsonNode value) {
        List<LlmCall> calls = new ArrayList<>();
        if (value == null) {
            return calls;
        }
        if (!value.isArray()) {
            throw new BadRecordException("calls must be a list, got " + Fields.kind(value));
        }
        for (int i = 0; i < value.size(); i++) {
            String path = "calls[" + i + "]";
            if (!value.get(i).isObject()) {
                throw new BadRecordException(path + " must be an object, got " + Fields.kind(value.get(i)));
            }
            Fields call = Fields.of(value.get(i), path);
            calls.add(new LlmCall(call.text("span_id"), call.text("operation"), call.text("provider"),
                    call.text("model"), orZero(call.wholeNumber("input_tokens")),
                    orZero(call.wholeNumber("output_tokens")), orZero(call.wholeNumber("cache_read_tokens")),
                    call.number("cost_usd")));
        }
        return calls;
    }

    /** {@code model}, then {@code models}, then the calls' models, each once. */
    private static List<String> models(Fields fields, List<LlmCall> calls) {
        Set<String> models = new LinkedHashSet<>();
        addModel(models, fields.text("model"));
        JsonNode list = fields.get("models");
        if (list != null && list.isArray()) {
            for (int i = 0; i < list.size(); i++) {
                if (!list.get(i).isTextual()) {
                    throw new BadRecordException("models[" + i + "] must be a string, got " + Fields.kind(list.get(i)));
                }
                addModel(models, list.get(i).asText());
            }
        } else {
            addModel(models, fields.text("models"));
        }
        calls.forEach(call -> addModel(models, call.model()));
        return List.copyOf(models);
    }

    private static void addModel(Set<String> models, String model) {
        if (model != null && !model.isBlank()) {
            models.add(model);
        }
    }

    private static Double totalCost(List<LlmCall> calls) {
        Double total = null;
        for (LlmCall call : calls) {
            if (call.costUsd() != null) {
                total = (total == null ? 0 : total) + call.costUsd();
            }
        }
        return total;
    }

    /** The {@code attributes} object's scalar entries, then the unknown top-level scalar fields. */
    private static Map<String, String> attributes(JsonNode record, Fields fields) {
        Map<String, String> attributes = new HashMap<>();
        JsonNode given = fields.get("attributes");
        if (given != null) {
            if (!given.isObject()) {
                throw new BadRecordException("attributes must be an object, got " + Fields.kind(given));
            }
            putScalars(given, attributes, Set.of());
        }
        putScalars(record, attributes, FIELDS);
        return attributes;
    }

    private static void putScalars(JsonNode object, Map<String, String> into, Set<String> skip) {
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            JsonNode value = entry.getValue();
            if (!skip.contains(entry.getKey()) && value.isValueNode() && !value.isNull()) {
                into.putIfAbsent(entry.getKey(), value.asText());
            }
        }
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
