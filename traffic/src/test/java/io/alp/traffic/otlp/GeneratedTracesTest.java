package io.alp.traffic.otlp;

import io.alp.engine.traffic.ReadReport;
import io.alp.engine.traffic.Request;
import io.alp.traffic.bench.SyntheticOtlpTraces;
import io.alp.traffic.bench.TraceFileFormats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Many interleaved agent traces, written by the bench's generator, read back to the token. */
class GeneratedTracesTest {

    @TempDir
    Path dir;

    @Test
    void everyTraceIsOneRequestAndTheTokensAddUp() throws IOException {
        Path file = dir.resolve("generated.jsonl");
        SyntheticOtlpTraces.Written written = SyntheticOtlpTraces.write(file, 20_000, 7);
        assertTrue(written.lines() > 100, "spans of a trace are spread over lines");

        AtomicLong in = new AtomicLong();
        AtomicLong out = new AtomicLong();
        AtomicLong calls = new AtomicLong();
        Set<String> ids = new HashSet<>();
        // A small window makes traces complete and leave while the file is still being read.
        ReadReport report = new OtlpTraceSource(file, new OtlpLimits(200, 1000, 5000, 1000, 1 << 20))
                .read(request -> {
                    in.addAndGet(request.inputTokens());
                    out.addAndGet(request.outputTokens());
                    calls.addAndGet(request.calls().size());
                    ids.add(request.id());
                    check(request);
                });

        assertEquals(0, report.malformed(), report.problems()::toString);
        assertEquals(written.spans(), report.records());
        assertEquals(written.traces(), report.requests());
        assertEquals(written.traces(), ids.size());
        assertEquals(written.inputTokens(), in.get());
        assertEquals(written.outputTokens(), out.get());
        // each trace is a root, n chat calls and n - 1 tool calls: the calls are half the spans
        assertEquals(written.spans() / 2, calls.get());
    }

    @Test
    void thePrettyPrintedArrayAndTheFramedProtobufOfTheSameTracesGiveTheSameRequests() throws IOException {
        Path file = dir.resolve("generated.jsonl");
        SyntheticOtlpTraces.write(file, 3_000, 11);
        Path pretty = dir.resolve("generated.json");
        Path protobuf = dir.resolve("generated.binpb");
        TraceFileFormats.toPrettyArray(file, pretty);
        TraceFileFormats.toFramedProtobuf(file, protobuf);
        OtlpLimits small = new OtlpLimits(200, 1000, 5000, 1000, 1 << 20);
        java.util.List<Request> expected = new java.util.ArrayList<>();
        new OtlpTraceSource(file, small).read(expected::add);
        for (Path other : java.util.List.of(pretty, protobuf)) {
            java.util.List<Request> actual = new java.util.ArrayList<>();
            ReadReport report = new OtlpTraceSource(other, small).read(actual::add);
            assertEquals(0, report.malformed(), report.problems()::toString);
            assertEquals(expected, actual, other.toString());
        }
    }

    private static void check(Request r) {
        assertEquals(r.traceId(), r.id());
        assertTrue(r.input().endsWith("."), r.input());
        assertTrue(r.output() != null && !r.output().startsWith("["), r.output());
        assertEquals(1, r.models().size());
        assertTrue(r.calls().size() == 2 || r.calls().size() == 3);
        assertEquals("SupportBot", r.attributes().get("gen_ai.agent.name"));
        assertEquals("support-agent", r.attributes().get("service.name"));
    }
}
