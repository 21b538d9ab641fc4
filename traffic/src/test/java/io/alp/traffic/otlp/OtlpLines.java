package io.alp.traffic.otlp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes small OTLP/JSON files for tests: {@code line(span(...), span(...))}. */
final class OtlpLines {

    private static final long T0 = 1_760_432_400_000_000_000L;

    private OtlpLines() {
    }

    /** A chat span starting {@code offsetMs} after a fixed time, with the given input and output tokens. */
    static String chat(String traceId, String spanId, String parentId, int offsetMs, long in, long out) {
        return span(traceId, spanId, parentId, offsetMs, "\"gen_ai.operation.name\"", "chat",
                "\"gen_ai.request.model\"", "gpt-4o-mini", "\"gen_ai.usage.input_tokens\"", in,
                "\"gen_ai.usage.output_tokens\"", out, "\"gen_ai.input.messages\"",
                "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"question " + spanId + "\"}]}]");
    }

    /** A span with attributes given as alternating quoted keys and values (String or Number). */
    static String span(String traceId, String spanId, String parentId, int offsetMs, Object... attributes) {
        StringBuilder attrs = new StringBuilder();
        for (int i = 0; i < attributes.length; i += 2) {
            if (i > 0) {
                attrs.append(',');
            }
            Object value = attributes[i + 1];
            String any = value instanceof Number ? "{\"intValue\":\"" + value + "\"}"
                    : "{\"stringValue\":" + quote((String) value) + "}";
            attrs.append("{\"key\":").append(attributes[i]).append(",\"value\":").append(any).append('}');
        }
        long start = T0 + offsetMs * 1_000_000L;
        return "{\"traceId\":\"" + traceId + "\",\"spanId\":\"" + spanId + "\",\"parentSpanId\":\""
                + (parentId == null ? "" : parentId) + "\",\"name\":\"span " + spanId + "\",\"kind\":1,"
                + "\"startTimeUnixNano\":\"" + start + "\",\"endTimeUnixNano\":\"" + (start + 100_000_000L)
                + "\",\"attributes\":[" + attrs + "],\"status\":{}}";
    }

    static String line(String... spans) {
        return "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":"
                + "{\"stringValue\":\"test\"}}]},\"scopeSpans\":[{\"scope\":{\"name\":\"test\"},\"spans\":["
                + String.join(",", spans) + "]}]}]}";
    }

    static Path write(Path file, String... lines) {
        try {
            return Files.write(file, List.of(lines));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String tid(int n) {
        return String.format("%032x", n);
    }

    static String sid(int n) {
        return String.format("%016x", n);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
