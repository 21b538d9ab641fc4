package io.alp.traffic.otlp;

import io.alp.traffic.read.ContentText;
import io.alp.engine.traffic.Feedback;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Collects one span's fields and attributes while it is parsed, and reads them in the three naming conventions:
 * current OTel GenAI, its deprecated names and OpenLLMetry's, and OpenInference. Reused from span to span.
 */
final class SpanBuilder {

    /** Resource attributes copied into {@link OtlpSpan#resource()}. */
    static final Set<String> RESOURCE_STRATA = Set.of("service.name", "deployment.environment.name",
            "deployment.environment");

    // Each attribute read has a slot, so that a span costs one hash lookup per attribute, not one per question.
    private static final Map<String, Integer> SLOTS = new HashMap<>();

    /** Attributes copied into {@link OtlpSpan#attributes()} for stratifying, besides those starting with alp. */
    private static final String[] STRATA = {"gen_ai.agent.name", "gen_ai.agent.id", "user.id", "enduser.id",
            "http.route"};
    private static final int[] STRATA_SLOTS = slots(STRATA);
    private static final int[] OPERATION = slots("gen_ai.operation.name", "llm.request.type");
    private static final int[] OPENINFERENCE_KIND = slots("openinference.span.kind");
    private static final int[] TRACELOOP_KIND = slots("traceloop.span.kind");
    private static final int[] PROVIDER = slots("gen_ai.provider.name", "gen_ai.system", "llm.provider",
            "llm.system");
    private static final int[] MODEL = slots("gen_ai.request.model", "gen_ai.response.model", "llm.model_name",
            "ai.model.id", "langfuse.observation.model.name");
    private static final int[] INPUT_TOKENS = slots("gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens",
            "llm.token_count.prompt", "llm.usage.prompt_tokens", "ai.usage.inputTokens", "ai.usage.promptTokens");
    private static final int[] OUTPUT_TOKENS = slots("gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens",
            "llm.token_count.completion", "llm.usage.completion_tokens", "ai.usage.outputTokens",
            "ai.usage.completionTokens");
    private static final int[] CACHE_READ_TOKENS = slots("gen_ai.usage.cache_read.input_tokens",
            "gen_ai.usage.cache_read_input_tokens", "llm.token_count.prompt_details.cache_read");
    private static final int[] TOTAL_TOKENS = slots("llm.usage.total_tokens", "llm.token_count.total",
            "gen_ai.usage.total_tokens");
    private static final int[] COST = slots("gen_ai.usage.cost", "gen_ai.usage.total_cost", "llm.cost.total",
            "llm.usage.cost");
    private static final int[] CONVERSATION = slots("gen_ai.conversation.id", "session.id",
            "gcp.vertex.agent.session_id", "langfuse.session.id", "ai.telemetry.metadata.sessionId");
    private static final int[] INPUT_MESSAGES = slots("gen_ai.input.messages");
    private static final int[] OUTPUT_MESSAGES = slots("gen_ai.output.messages");
    // Whole requests and responses: OpenInference, OpenLLMetry entities, the Vercel AI SDK, Google ADK, Langfuse.
    private static final int[] INPUT_VALUE = slots("input.value", "traceloop.entity.input", "ai.prompt",
            "ai.prompt.messages", "gcp.vertex.agent.llm_request", "langfuse.observation.input", "gen_ai.prompt");
    private static final int[] OUTPUT_VALUE = slots("output.value", "traceloop.entity.output", "ai.response.text",
            "gcp.vertex.agent.llm_response", "langfuse.observation.output", "gen_ai.completion");
    private static final String LEGACY_PROMPT = "gen_ai.prompt.";
    private static final String LEGACY_COMPLETION = "gen_ai.completion.";
    private static final String INFERENCE_INPUT = "llm.input_messages.";
    private static final String INFERENCE_OUTPUT = "llm.output_messages.";
    private static final String ALP = "alp.";

    private static final Set<String> LLM_OPERATIONS = Set.of("chat", "text_completion", "generate_content",
            "completion", "embeddings", "embedding");
    private static final Set<String> NOT_LLM_KINDS = Set.of("TOOL", "CHAIN", "RETRIEVER", "RERANKER", "GUARDRAIL",
            "EVALUATOR", "WORKFLOW", "TASK");

    private final Object[] values = new Object[SLOTS.size()];
    private final IndexedMessages prompts = new IndexedMessages();
    private final IndexedMessages completions = new IndexedMessages();
    private final IndexedMessages inferenceInput = new IndexedMessages();
    private final IndexedMessages inferenceOutput = new IndexedMessages();
    private final List<Feedback> feedback = new ArrayList<>();
    private Map<String, String> alp;
    private String eventInput;
    private String eventOutput;

    String traceId;
    String spanId;
    String parentSpanId;
    String name;
    long startNanos;
    long endNanos;
    boolean error;

    void reset() {
        Arrays.fill(values, null);
        alp = null;
        prompts.clear();
        completions.clear();
        inferenceInput.clear();
        inferenceOutput.clear();
        feedback.clear();
        eventInput = eventOutput = null;
        traceId = spanId = parentSpanId = name = null;
        startNanos = endNanos = 0;
        error = false;
    }

    /** Whether the attribute matters; the parser skips the values of those that do not. */
    static boolean wants(String key) {
        return SLOTS.containsKey(key) || key.startsWith(ALP) || key.startsWith(LEGACY_PROMPT)
                || key.startsWith(LEGACY_COMPLETION) || key.startsWith(INFERENCE_INPUT)
                || key.startsWith(INFERENCE_OUTPUT);
    }

    /** One span attribute; the value is a String, Long, Double, Boolean, List or Map. */
    void attribute(String key, Object value) {
        if (value == null) {
            return;
        }
        Integer slot = SLOTS.get(key);
        if (slot != null) {
            values[slot] = value;
        } else if (key.startsWith(LEGACY_PROMPT)) {
            prompts.put(key.substring(LEGACY_PROMPT.length()), scalar(value));
        } else if (key.startsWith(LEGACY_COMPLETION)) {
            completions.put(key.substring(LEGACY_COMPLETION.length()), scalar(value));
        } else if (key.startsWith(INFERENCE_INPUT)) {
            inferenceInput.put(key.substring(INFERENCE_INPUT.length()), scalar(value));
        } else if (key.startsWith(INFERENCE_OUTPUT)) {
            inferenceOutput.put(key.substring(INFERENCE_OUTPUT.length()), scalar(value));
        } else if (key.startsWith(ALP) && scalar(value) != null) {
            if (alp == null) {
                alp = new HashMap<>(4);
            }
            alp.put(key, scalar(value));
        }
    }

    /** One span event: evaluation results become feedback, older GenAI content events give input and output. */
    void event(String eventName, Map<String, Object> attributes) {
        if (eventName == null) {
            return;
        }
        switch (eventName) {
            case "gen_ai.evaluation.result" -> {
                String evaluation = scalar(attributes.get("gen_ai.evaluation.name"));
                feedback.add(new Feedback(evaluation == null ? "evaluation" : evaluation,
                        toDouble(attributes.get("gen_ai.evaluation.score.value")),
                        scalar(attributes.get("gen_ai.evaluation.score.label")),
                        scalar(attributes.get("gen_ai.evaluation.explanation"))));
            }
            case "gen_ai.content.prompt" -> eventInput = orElse(scalar(attributes.get("gen_ai.prompt")), eventInput);
            case "gen_ai.content.completion" ->
                    eventOutput = orElse(scalar(attributes.get("gen_ai.completion")), eventOutput);
            case "gen_ai.user.message" -> eventInput = orElse(eventContent(attributes), eventInput);
            case "gen_ai.choice" -> eventOutput = orElse(eventContent(attributes), eventOutput);
            default -> { }
        }
    }

    /** The span, with the resource's attributes (a map shared by the resource's spans, possibly filled later). */
    OtlpSpan build(Map<String, String> resource) {
        String operation = first(OPERATION);
        String model = first(MODEL);
        long input = toLong(firstValue(INPUT_TOKENS), -1);
        long output = toLong(firstValue(OUTPUT_TOKENS), -1);
        long total = toLong(firstValue(TOTAL_TOKENS), -1);
        // A bare total still counts: the missing side is what is left of it, or all of it is taken as input.
        if (total >= 0 && (input < 0 || output < 0)) {
            if (input >= 0) {
                output = Math.max(0, total - input);
            } else if (output >= 0) {
                input = Math.max(0, total - output);
            } else {
                input = total;
                output = 0;
            }
        }
        long cacheRead = toLong(firstValue(CACHE_READ_TOKENS), -1);
        OtlpSpan.Role role = role(operation, model != null || input >= 0 || output >= 0);
        String inputText = input();
        String outputText = output();
        return new OtlpSpan(traceId, spanId, parentSpanId, name, startNanos, endNanos, error, role, operation,
                first(PROVIDER), model, input, output, cacheRead, toDouble(firstValue(COST)), first(CONVERSATION),
                inputText, outputText, raw(inputText, INPUT_MESSAGES, INPUT_VALUE, eventInput),
                raw(outputText, OUTPUT_MESSAGES, OUTPUT_VALUE, eventOutput),
                feedback.isEmpty() ? List.of() : List.copyOf(feedback), strata(), resource);
    }

    private OtlpSpan.Role role(String operation, boolean modelOrUsage) {
        String op = operation == null ? "" : operation.toLowerCase(Locale.ROOT);
        String kind = first(OPENINFERENCE_KIND);
        kind = (kind != null ? kind : orElse(first(TRACELOOP_KIND), "")).toUpperCase(Locale.ROOT);
        if (op.equals("invoke_agent") || kind.equals("AGENT") || (op.isEmpty() && name != null
                && (name.startsWith("invoke_agent") || name.startsWith("agent_run")))) {
            return OtlpSpan.Role.AGENT;
        }
        if (LLM_OPERATIONS.contains(op) || kind.equals("LLM") || kind.equals("EMBEDDING")) {
            return OtlpSpan.Role.LLM;
        }
        // Tool and agent-setup spans sometimes carry the model or aggregated usage; they are not calls.
        boolean notLlm = (!op.isEmpty() && !LLM_OPERATIONS.contains(op)) || NOT_LLM_KINDS.contains(kind);
        return modelOrUsage && !notLlm ? OtlpSpan.Role.LLM : OtlpSpan.Role.OTHER;
    }

    /** The text of the span's input, from the first place that holds some; null when none does. */
    private String input() {
        String text = ContentText.inputText(first(INPUT_MESSAGES));
        if (text == null && !prompts.isEmpty()) {
            text = prompts.lastUserText();
        }
        if (text == null && !inferenceInput.isEmpty()) {
            text = inferenceInput.lastUserText();
        }
        if (text == null) {
            text = ContentText.inputText(first(INPUT_VALUE));
        }
        return text != null ? text : ContentText.inputText(eventInput);
    }

    private String output() {
        String text = ContentText.outputText(first(OUTPUT_MESSAGES));
        if (text == null && !completions.isEmpty()) {
            text = completions.lastText();
        }
        if (text == null && !inferenceOutput.isEmpty()) {
            text = inferenceOutput.lastText();
        }
        if (text == null) {
            text = ContentText.outputText(first(OUTPUT_VALUE));
        }
        return text != null ? text : ContentText.outputText(eventOutput);
    }

    /** A recorded input or output kept as it is when no text could be found in it. */
    private String raw(String text, int[] messages, int[] value, String event) {
        if (text != null) {
            return null;
        }
        String raw = first(messages);
        raw = raw != null ? raw : first(value);
        return raw != null ? raw : event;
    }

    private Map<String, String> strata() {
        Map<String, String> strata = alp;
        for (int i = 0; i < STRATA.length; i++) {
            String value = scalar(values[STRATA_SLOTS[i]]);
            if (value != null) {
                if (strata == null) {
                    strata = new HashMap<>(4);
                }
                strata.put(STRATA[i], value);
            }
        }
        return strata == null ? Map.of() : strata;
    }

    private static String eventContent(Map<String, Object> attributes) {
        for (String key : new String[] {"content", "gen_ai.event.content", "message", "body"}) {
            String value = scalar(attributes.get(key));
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private String first(int[] slots) {
        return scalar(firstValue(slots));
    }

    private Object firstValue(int[] slots) {
        for (int slot : slots) {
            if (values[slot] != null) {
                return values[slot];
            }
        }
        return null;
    }

    /** A scalar value as a string; null for lists, maps and empty strings. */
    static String scalar(Object value) {
        if (value instanceof String s) {
            return s.isEmpty() ? null : s;
        }
        return value instanceof Number || value instanceof Boolean ? String.valueOf(value) : null;
    }

    static long toLong(Object value, long absent) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                Double d = toDouble(s);
                return d == null ? absent : d.longValue();
            }
        }
        return absent;
    }

    static Double toDouble(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof String s) {
            try {
                return Double.valueOf(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static String orElse(String value, String fallback) {
        return value != null ? value : fallback;
    }

    private static int[] slots(String... keys) {
        int[] slots = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            slots[i] = SLOTS.computeIfAbsent(keys[i], k -> SLOTS.size());
        }
        return slots;
    }
}
