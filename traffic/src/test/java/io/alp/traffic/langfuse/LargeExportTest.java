package io.alp.traffic.langfuse;

import com.fasterxml.jackson.core.JsonGenerator;
import io.alp.engine.traffic.ReadReport;
import io.alp.traffic.read.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A large array export is streamed: requests reach the sink one by one, and a cut-off file still yields its head. */
class LargeExportTest {

    private static final int TRACES = 20_000;

    @TempDir
    Path dir;

    @Test
    void streamsTwentyThousandTracesToACountingSink() throws IOException {
        Path file = dir.resolve("large.json");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writeTraces(out, TRACES);
            out.write("\n]\n");
        }
        AtomicLong count = new AtomicLong();
        AtomicLong tokens = new AtomicLong();

        ReadReport report = new LangfuseExportSource(file).read(request -> {
            count.incrementAndGet();
            tokens.addAndGet(request.inputTokens());
        });

        assertEquals(TRACES, count.get());
        assertEquals(TRACES, report.requests());
        assertEquals(0, report.malformed());
        assertEquals(TRACES * 2L * 500, tokens.get());
    }

    @Test
    void aCutOffExportYieldsTheTracesBeforeTheCutAndReportsIt() throws IOException {
        Path file = dir.resolve("cut.json");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writeTraces(out, 1000);
            out.write(",\n{\"id\": \"t-cut\", \"input\": \"Where is my ord");
        }
        AtomicLong count = new AtomicLong();

        ReadReport report = new LangfuseExportSource(file).read(request -> count.incrementAndGet());

        assertEquals(1000, count.get());
        assertEquals(1, report.malformed());
        assertTrue(report.problems().get(0).message().startsWith("invalid JSON, nothing after it could be read"),
                report.problems().get(0).message());
    }

    /** An open array of traces, each with two generations, one per line. */
    private static void writeTraces(Writer out, int traces) throws IOException {
        out.write("[");
        JsonGenerator json = Json.MAPPER.createGenerator(out);
        for (int i = 0; i < traces; i++) {
            json.writeRaw(i == 0 ? "\n" : ",\n");
            json.writeStartObject();
            json.writeStringField("id", "trace-" + i);
            json.writeStringField("timestamp", "2025-03-01T00:00:00Z");
            json.writeStringField("input", "Question number " + i + ": where is my order?");
            json.writeStringField("output", "It ships tomorrow.");
            json.writeStringField("sessionId", "session-" + (i % 97));
            json.writeArrayFieldStart("observations");
            for (int g = 0; g < 2; g++) {
                json.writeStartObject();
                json.writeStringField("id", "obs-" + i + "-" + g);
                json.writeStringField("type", "GENERATION");
                json.writeStringField("model", "gpt-4o-mini");
                json.writeStringField("startTime", "2025-03-01T00:00:0" + g + "Z");
                json.writeObjectFieldStart("usageDetails");
                json.writeNumberField("input", 500);
                json.writeNumberField("output", 40);
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("scores");
            json.writeStartObject();
            json.writeStringField("name", "user-feedback");
            json.writeNumberField("value", i % 2);
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
            json.flush();
        }
    }
}
