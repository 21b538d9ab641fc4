package io.alp.traffic.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes an OTLP/JSON trace file that looks like an agent's production traffic: traces of an
 * {@code invoke_agent} root over chat and tool spans (4 or 6 spans, 5 on average) with GenAI attributes and
 * message content of a few hundred bytes, several traces in flight at once, spans written as they end (the root
 * last) in batches of {@value #BATCH} spans per line, as a batching exporter does.
 */
public final class SyntheticOtlpTraces {

    /** What was written, to check a reader against. */
    public record Written(long spans, long traces, long lines, long bytes, long inputTokens, long outputTokens) {
    }

    static final int BATCH = 128;
    private static final int IN_FLIGHT = 12;
    private static final long T0 = 1_760_432_400_000_000_000L;
    private static final String[] WORDS = ("the order invoice refund shipping account password reset delivery "
            + "address charge card subscription plan upgrade cancel tracking package warehouse return label "
            + "discount coupon payment failed pending approved customer support agent please could you check "
            + "why my was not yet arrived twice last week month today tomorrow number status update email phone")
            .split(" ");
    private static final String[] MODELS = {"gpt-4o", "gpt-4o-mini", "claude-sonnet-4-5"};
    private static final String[] ROUTES = {"billing", "shipping", "account", "returns"};

    private final SplittableRandom random;
    private final JsonGenerator out;
    private long spans;
    private long traces;
    private long lines;
    private long inputTokens;
    private long outputTokens;

    private SyntheticOtlpTraces(JsonGenerator out, long seed) {
        this.out = out;
        this.random = new SplittableRandom(seed);
    }

    /** Writes traces until at least {@code spanCount} spans are written (whole traces only). */
    public static Written write(Path file, long spanCount, long seed) throws IOException {
        try (OutputStream stream = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
             JsonGenerator json = new JsonFactory().createGenerator(stream, JsonEncoding.UTF8)) {
            json.setRootValueSeparator(null);
            SyntheticOtlpTraces writer = new SyntheticOtlpTraces(json, seed);
            writer.writeAll(spanCount);
            json.flush();
            return new Written(writer.spans, writer.traces, writer.lines, Files.size(file), writer.inputTokens,
                    writer.outputTokens);
        }
    }

    private void writeAll(long spanCount) throws IOException {
        List<List<Span>> inFlight = new ArrayList<>();
        long planned = 0;
        List<Span> batch = new ArrayList<>(BATCH);
        while (true) {
            while (inFlight.size() < IN_FLIGHT && planned < spanCount) {
                List<Span> trace = trace();
                planned += trace.size();
                inFlight.add(trace);
            }
            if (inFlight.isEmpty()) {
                break;
            }
            int pick = random.nextInt(inFlight.size());
            List<Span> trace = inFlight.get(pick);
            batch.add(trace.remove(0));
            if (trace.isEmpty()) {
                inFlight.remove(pick);
            }
            if (batch.size() == BATCH) {
                line(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            line(batch);
        }
    }

    /** One span as it will be written: ids, timing and attributes as (key, value) pairs. */
    private record Span(String traceId, String spanId, String parentId, String name, long start, long end,
                        List<Object[]> attributes) {
    }

    /** A trace's spans in the order they end: chats and tools, then the agent root. */
    private List<Span> trace() {
        traces++;
        String traceId = hex(16);
        String rootId = hex(8);
        long start = T0 + traces * 250_000_000L;
        String model = MODELS[random.nextInt(MODELS.length)];
        String question = sentence(12 + random.nextInt(20));
        String answer = sentence(25 + random.nextInt(30));
        String system = "You are the support agent of an online shop. " + sentence(30);
        int rounds = 1 + random.nextInt(2);
        List<Span> spans = new ArrayList<>();
        long t = start + 5_000_000;
        long traceIn = 0;
        long traceOut = 0;
        for (int round = 0; round <= rounds; round++) {
            boolean last = round == rounds;
            long in = 300 + random.nextInt(1500);
            long outTokens = last ? 40 + random.nextInt(200) : 15 + random.nextInt(30);
            traceIn += in;
            traceOut += outTokens;
            String input = "[{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":\"" + system + "\"}]},"
                    + "{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"" + question + "\"}]}]";
            String output = last
                    ? "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"" + answer
                    + "\"}],\"finish_reason\":\"stop\"}]"
                    : "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\",\"id\":\"call_" + hex(6)
                    + "\",\"name\":\"lookup_order\",\"arguments\":{\"order_id\":\"" + random.nextInt(100_000)
                    + "\"}}],\"finish_reason\":\"tool_call\"}]";
            long end = t + 400_000_000L + random.nextInt(900_000_000);
            spans.add(new Span(traceId, hex(8), rootId, "chat " + model, t, end, List.of(
                    new Object[] {"gen_ai.operation.name", "chat"},
                    new Object[] {"gen_ai.provider.name", model.startsWith("claude") ? "anthropic" : "openai"},
                    new Object[] {"gen_ai.request.model", model},
                    new Object[] {"gen_ai.response.model", model + "-2025-01-01"},
                    new Object[] {"gen_ai.response.id", "chatcmpl-" + hex(10)},
                    new Object[] {"gen_ai.request.temperature", 0.2},
                    new Object[] {"gen_ai.usage.input_tokens", in},
                    new Object[] {"gen_ai.usage.output_tokens", outTokens},
                    new Object[] {"gen_ai.input.messages", input},
                    new Object[] {"gen_ai.output.messages", output})));
            t = end + 1_000_000;
            if (!last) {
                long toolEnd = t + 50_000_000L + random.nextInt(300_000_000);
                spans.add(new Span(traceId, hex(8), rootId, "execute_tool lookup_order", t, toolEnd, List.of(
                        new Object[] {"gen_ai.operation.name", "execute_tool"},
                        new Object[] {"gen_ai.tool.name", "lookup_order"},
                        new Object[] {"gen_ai.tool.call.id", "call_" + hex(6)})));
                t = toolEnd + 1_000_000;
            }
        }
        inputTokens += traceIn;
        outputTokens += traceOut;
        spans.add(new Span(traceId, rootId, null, "invoke_agent SupportBot", start, t + 2_000_000, List.of(
                new Object[] {"gen_ai.operation.name", "invoke_agent"},
                new Object[] {"gen_ai.agent.name", "SupportBot"},
                new Object[] {"gen_ai.conversation.id", "conv_" + hex(6)},
                new Object[] {"user.id", "u-" + random.nextInt(50_000)},
                new Object[] {"alp.route", ROUTES[random.nextInt(ROUTES.length)]},
                new Object[] {"gen_ai.usage.input_tokens", traceIn},
                new Object[] {"gen_ai.usage.output_tokens", traceOut},
                new Object[] {"gen_ai.input.messages", "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\","
                        + "\"content\":\"" + question + "\"}]}]"},
                new Object[] {"gen_ai.output.messages", "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\","
                        + "\"content\":\"" + answer + "\"}]}]"})));
        return spans;
    }

    private void line(List<Span> batch) throws IOException {
        out.writeStartObject();
        out.writeArrayFieldStart("resourceSpans");
        out.writeStartObject();
        out.writeObjectFieldStart("resource");
        out.writeArrayFieldStart("attributes");
        attribute("service.name", "support-agent");
        attribute("service.version", "2.3.1");
        attribute("deployment.environment.name", "prod");
        attribute("telemetry.sdk.language", "python");
        out.writeEndArray();
        out.writeEndObject();
        out.writeArrayFieldStart("scopeSpans");
        out.writeStartObject();
        out.writeObjectFieldStart("scope");
        out.writeStringField("name", "opentelemetry.instrumentation.openai_agents");
        out.writeStringField("version", "0.1.0");
        out.writeEndObject();
        out.writeArrayFieldStart("spans");
        for (Span span : batch) {
            span(span);
        }
        out.writeEndArray();
        out.writeEndObject();
        out.writeEndArray();
        out.writeEndObject();
        out.writeEndArray();
        out.writeEndObject();
        out.writeRaw('\n');
        lines++;
    }

    private void span(Span span) throws IOException {
        spans++;
        out.writeStartObject();
        out.writeStringField("traceId", span.traceId());
        out.writeStringField("spanId", span.spanId());
        out.writeStringField("parentSpanId", span.parentId() == null ? "" : span.parentId());
        out.writeNumberField("flags", 257);
        out.writeStringField("name", span.name());
        out.writeNumberField("kind", span.parentId() == null ? 1 : 3);
        out.writeStringField("startTimeUnixNano", Long.toString(span.start()));
        out.writeStringField("endTimeUnixNano", Long.toString(span.end()));
        out.writeArrayFieldStart("attributes");
        for (Object[] kv : span.attributes()) {
            attribute((String) kv[0], kv[1]);
        }
        out.writeEndArray();
        out.writeObjectFieldStart("status");
        out.writeEndObject();
        out.writeEndObject();
    }

    private void attribute(String key, Object value) throws IOException {
        out.writeStartObject();
        out.writeStringField("key", key);
        out.writeObjectFieldStart("value");
        if (value instanceof Long l) {
            out.writeStringField("intValue", Long.toString(l));
        } else if (value instanceof Double d) {
            out.writeNumberField("doubleValue", d);
        } else {
            out.writeStringField("stringValue", (String) value);
        }
        out.writeEndObject();
        out.writeEndObject();
    }

    private String sentence(int words) {
        StringBuilder s = new StringBuilder(words * 7);
        for (int i = 0; i < words; i++) {
            if (i > 0) {
                s.append(' ');
            }
            s.append(WORDS[random.nextInt(WORDS.length)]);
        }
        return s.append('.').toString();
    }

    private String hex(int bytes) {
        StringBuilder s = new StringBuilder(bytes * 2);
        for (int i = 0; i < bytes; i++) {
            int b = random.nextInt(256);
            s.append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 15, 16));
        }
        return s.toString();
    }
}
