package io.alp.traffic.langfuse;

import com.fasterxml.jackson.databind.JsonNode;
import io.alp.engine.traffic.LlmCall;
import io.alp.engine.traffic.Request;
import io.alp.traffic.read.BadRecordException;
import io.alp.traffic.read.CallNesting;
import io.alp.traffic.read.Fields;
import io.alp.traffic.read.MessageText;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** One Langfuse trace, with its observations and scores, as one request. */
final class TraceMapper {

    private static final int MAX_METADATA_ATTRIBUTES = 20;
    private static final int MAX_ATTRIBUTE_LENGTH = 200;
    private static final double MAX_LATENCY_SECONDS = 1e9;

    private TraceMapper() {
    }

    /** @throws BadRecordException naming the field at fault */
    static Request map(JsonNode trace) {
        Fields fields = Fields.of(trace);
        String id = fields.requiredText("id");
        List<Observation> observations = Observation.of(fields.get("observations"));
        List<Observation> generations = observations.stream().filter(Observation::generation).toList();
        // stacked instrumentations give one call several generations: each call counts once
        CallNesting<Observation> nesting = CallNesting.of(observations, o -> true, Observation::id,
                Observation::parentId, Observation::llmCall);
        List<LlmCall> calls = new ArrayList<>();
        nesting.calls().forEach((call, wrappers) -> calls.add(call.toCall(wrappers)));

        String input = firstText(true, fields.get("input"), generations);
        if (input == null) {
            input = MessageText.input(fields.get("input"));
        }
        if (input == null && !generations.isEmpty()) {
            input = MessageText.input(generations.get(0).input());
        }
        if (input == null) {
            throw new BadRecordException("input is missing, on the trace and on its generations");
        }
        String output = firstText(false, fields.get("output"), generations);
        if (output == null) {
            output = MessageText.output(fields.get("output"));
        }
        if (output == null && !generations.isEmpty()) {
            output = MessageText.output(generations.get(generations.size() - 1).output());
        }
        Instant start = fields.instant("timestamp");
        if (start == null && !observations.isEmpty()) {
            start = observations.get(0).start();
        }
        return new Request(id, id, null, start, end(fields, observations, start), input, output, models(calls),
                calls.stream().mapToLong(LlmCall::inputTokens).sum(),
                calls.stream().mapToLong(LlmCall::outputTokens).sum(), cost(fields, calls), fields.text("sessionId"),
                observations.stream().anyMatch(Observation::error), Scores.of(fields.get("scores")), calls,
                attributes(fields));
    }

    /**
     * The text of the trace's input (output), else of its first (last) generation's that holds text: the user's
     * message and the final answer; null when none holds text.
     */
    private static String firstText(boolean input, JsonNode onTrace, List<Observation> generations) {
        String text = input ? MessageText.inputText(onTrace) : MessageText.outputText(onTrace);
        for (int i = 0; text == null && i < generations.size(); i++) {
            Observation g = generations.get(input ? i : generations.size() - 1 - i);
            text = input ? MessageText.inputText(g.input()) : MessageText.outputText(g.output());
        }
        return text;
    }

    /** The last observation's end, else the trace's start plus its latency (seconds). */
    private static Instant end(Fields fields, List<Observation> observations, Instant start) {
        Instant end = observations.stream().map(Observation::end).filter(Objects::nonNull)
                .max(Instant::compareTo).orElse(null);
        Double latency = fields.number("latency");
        if (end == null && start != null && latency != null && latency >= 0 && latency < MAX_LATENCY_SECONDS) {
            end = start.plus(Duration.ofMillis(Math.round(latency * 1000)));
        }
        return end;
    }

    private static List<String> models(List<LlmCall> calls) {
        Set<String> models = new LinkedHashSet<>();
        calls.stream().map(LlmCall::model).filter(m -> m != null && !m.isBlank()).forEach(models::add);
        return List.copyOf(models);
    }

    /** The trace's total cost, else the sum of its calls' costs, else unknown. */
    private static Double cost(Fields fields, List<LlmCall> calls) {
        Double total = fields.number("totalCost");
        if (total != null) {
            return total;
        }
        for (LlmCall call : calls) {
            if (call.costUsd() != null) {
                total = (total == null ? 0 : total) + call.costUsd();
            }
        }
        return total;
    }

    private static Map<String, String> attributes(Fields fields) {
        Map<String, String> attributes = new HashMap<>();
        for (String name : List.of("name", "userId", "release", "version", "environment")) {
            JsonNode value = fields.get(name);
            if (value != null && value.isValueNode() && !value.asText().isBlank()) {
                attributes.put(name, value.asText());
            }
        }
        JsonNode tags = fields.get("tags");
        if (tags != null && tags.isArray() && !tags.isEmpty()) {
            StringBuilder joined = new StringBuilder();
            tags.forEach(tag -> joined.append(joined.length() == 0 ? "" : ",").append(tag.asText()));
            attributes.put("tags", joined.toString());
        }
        JsonNode metadata = fields.get("metadata");
        if (metadata != null && metadata.isObject()) {
            int kept = 0;
            for (Map.Entry<String, JsonNode> entry : metadata.properties()) {
                JsonNode value = entry.getValue();
                if (kept < MAX_METADATA_ATTRIBUTES && value.isTextual()
                        && value.asText().length() <= MAX_ATTRIBUTE_LENGTH) {
                    attributes.put("metadata." + entry.getKey(), value.asText());
                    kept++;
                }
            }
        }
        return attributes;
    }
}
