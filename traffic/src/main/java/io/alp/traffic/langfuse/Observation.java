package io.alp.traffic.langfuse;

import com.fasterxml.jackson.databind.JsonNode;
import io.alp.engine.traffic.LlmCall;
import io.alp.traffic.read.Fields;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The parts of a Langfuse observation a request needs. */
record Observation(String id, String parentId, String type, Instant start, Instant end, String model,
                   JsonNode input, JsonNode output, long inputTokens, long outputTokens, long cacheReadTokens,
                   Double costUsd, boolean error) {

    private static final Comparator<Observation> BY_START = Comparator.comparing(Observation::start,
            Comparator.nullsLast(Comparator.naturalOrder()));

    /**
     * The observations of a trace that are given as objects, by start time; ids (as the traces list of the
     * public API gives them) are skipped.
     */
    static List<Observation> of(JsonNode observations) {
        List<Observation> result = new ArrayList<>();
        if (observations == null || !observations.isArray()) {
            return result;
        }
        for (int i = 0; i < observations.size(); i++) {
            if (observations.get(i).isObject()) {
                result.add(parse(observations.get(i), "observations[" + i + "]"));
            }
        }
        result.sort(BY_START);
        return result;
    }

    private static Observation parse(JsonNode node, String path) {
        Fields fields = Fields.of(node, path);
        String type = fields.text("type");
        long[] tokens = tokens(fields, path);
        return new Observation(fields.text("id"), fields.text("parentObservationId"),
                type == null ? "" : type.toUpperCase(Locale.ROOT),
                fields.instant("startTime"), fields.instant("endTime"), fields.text("model"), fields.get("input"),
                fields.get("output"), tokens[0], tokens[1], tokens[2], cost(fields, path),
                "ERROR".equalsIgnoreCase(fields.text("level")));
    }

    boolean generation() {
        return type.equals("GENERATION");
    }

    /** Generations, and embeddings since they are paid model calls too. */
    boolean llmCall() {
        return generation() || type.equals("EMBEDDING");
    }

    /**
     * This observation as one call, completed from the wrapping generations that describe the same call (a
     * framework's generation over the client library's): their model, usage and cost where this one has none.
     */
    LlmCall toCall(List<Observation> wrappers) {
        String m = model;
        long in = inputTokens;
        long out = outputTokens;
        long cache = cacheReadTokens;
        Double cost = costUsd;
        for (Observation w : wrappers) {
            m = m != null ? m : w.model;
            if (in == 0 && out == 0) {
                in = w.inputTokens;
                out = w.outputTokens;
                cache = w.cacheReadTokens;
            }
            cost = cost != null ? cost : w.costUsd;
        }
        return new LlmCall(id, generation() ? "chat" : "embeddings", null, m, in, out, cache, cost);
    }

    /**
     * Input, output and cache-read tokens. {@code usageDetails} keys are summed the way Langfuse sums them: every
     * key containing "input" is input (cache reads and writes included), every key containing "output" output.
     * Older exports have {@code usage} {input, output} or promptTokens/completionTokens.
     */
    private static long[] tokens(Fields fields, String path) {
        JsonNode details = fields.get("usageDetails");
        if (details != null && details.isObject() && !details.isEmpty()) {
            Fields detail = Fields.of(details, path + ".usageDetails");
            long input = 0;
            long output = 0;
            long cacheRead = 0;
            for (Map.Entry<String, JsonNode> entry : details.properties()) {
                String key = entry.getKey().toLowerCase(Locale.ROOT);
                if (key.equals("total") || !entry.getValue().isNumber() && !entry.getValue().isTextual()) {
                    continue;
                }
                long count = orZero(detail.wholeNumber(entry.getKey()));
                if (key.contains("input")) {
                    input += count;
                    if (key.contains("cache_read") || key.contains("cached")) {
                        cacheRead += count;
                    }
                } else if (key.contains("output")) {
                    output += count;
                }
            }
            return new long[]{input, output, cacheRead};
        }
        JsonNode usage = fields.get("usage");
        if (usage != null && usage.isObject()) {
            Fields counts = Fields.of(usage, path + ".usage");
            return new long[]{orZero(first(counts.wholeNumber("input"), counts.wholeNumber("promptTokens"))),
                    orZero(first(counts.wholeNumber("output"), counts.wholeNumber("completionTokens"))), 0};
        }
        return new long[]{orZero(first(fields.wholeNumber("promptTokens"), fields.wholeNumber("inputUsage"))),
                orZero(first(fields.wholeNumber("completionTokens"), fields.wholeNumber("outputUsage"))), 0};
    }

    private static Double cost(Fields fields, String path) {
        Double cost = fields.number("calculatedTotalCost");
        if (cost != null) {
            return cost;
        }
        JsonNode details = fields.get("costDetails");
        if (details != null && details.isObject() && !details.isEmpty()) {
            Fields costs = Fields.of(details, path + ".costDetails");
            if (details.has("total")) {
                return costs.number("total");
            }
            double sum = 0;
            for (Map.Entry<String, JsonNode> entry : details.properties()) {
                Double part = costs.number(entry.getKey());
                sum += part == null ? 0 : part;
            }
            return sum;
        }
        cost = fields.number("totalCost");
        if (cost != null) {
            return cost;
        }
        JsonNode usage = fields.get("usage");
        return usage != null && usage.isObject() ? Fields.of(usage, path + ".usage").number("totalCost") : null;
    }

    private static <T> T first(T a, T b) {
        return a != null ? a : b;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
