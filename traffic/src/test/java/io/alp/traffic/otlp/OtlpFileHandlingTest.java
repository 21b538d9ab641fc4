package io.alp.traffic.otlp;

import io.alp.engine.traffic.ReadReport;
import io.alp.engine.traffic.Request;
import io.alp.engine.traffic.Skipped;
import io.alp.engine.traffic.TrafficFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static io.alp.traffic.otlp.OtlpLines.chat;
import static io.alp.traffic.otlp.OtlpLines.line;
import static io.alp.traffic.otlp.OtlpLines.sid;
import static io.alp.traffic.otlp.OtlpLines.tid;
import static io.alp.traffic.otlp.OtlpLines.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Files that are compressed, cut short, empty, missing, not OTLP, or whose traces arrive in awkward orders. */
class OtlpFileHandlingTest {

    @TempDir
    Path dir;

    @Test
    void aGzippedFileIsReadWhateverItIsCalled() throws IOException {
        byte[] plain = Files.readAllBytes(OtlpTraceSourceTest.Read.path("genai_agent.jsonl"));
        for (String name : List.of("traces.jsonl.gz", "traces.jsonl")) {
            Path file = dir.resolve(name);
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
                out.write(plain);
            }
            Request r = OtlpTraceSourceTest.Read.of(file).only();
            assertEquals(2231, r.inputTokens(), name);
        }
    }

    @Test
    void aGzippedFileCutShortKeepsWhatWasReadAndReportsTheCut() throws IOException {
        String lines = String.join("\n", line(chat(tid(1), sid(1), null, 0, 10, 1)),
                line(chat(tid(2), sid(2), null, 0, 20, 2))) + "\n";
        Path whole = dir.resolve("whole.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(whole))) {
            out.write(lines.getBytes());
            out.write(new byte[50_000]); // NUL padding compresses well, so the cut falls in it
        }
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(dir.resolve("cut.gz"), Arrays.copyOf(bytes, bytes.length - 20));

        OtlpTraceSourceTest.Read read = OtlpTraceSourceTest.Read.of(cut);
        assertEquals(List.of(tid(1), tid(2)), read.ids());
        assertEquals(1, read.report().problems().stream()
                .filter(p -> p.message().contains("compressed file ends abruptly")).count(), read.report()::toString);
    }

    @Test
    void anEmptyFileHasNoRequests() {
        Path file = write(dir.resolve("empty.jsonl"), "", "  ");
        OtlpTraceSourceTest.Read read = OtlpTraceSourceTest.Read.of(file);
        assertEquals(0, read.report().requests());
        assertEquals(0, read.report().malformed());
    }

    @Test
    void aMissingFileOrADirectoryFailsNamingThePath() {
        Path missing = dir.resolve("nope.jsonl");
        TrafficFormatException e = assertThrows(TrafficFormatException.class,
                () -> new OtlpTraceSource(missing).read(r -> { }));
        assertTrue(e.getMessage().contains(missing + " does not exist"), e.getMessage());

        e = assertThrows(TrafficFormatException.class, () -> new OtlpTraceSource(dir).read(r -> { }));
        assertTrue(e.getMessage().contains(dir + " is a directory"), e.getMessage());
    }

    @Test
    void aJsonArrayOfExportRequestsOverSeveralLinesIsRead() {
        Path file = write(dir.resolve("array.json"), "[", "  " + line(chat(tid(1), sid(1), null, 0, 1, 1)) + ",",
                "  " + line(chat(tid(2), sid(2), null, 0, 1, 1)), "]");
        assertEquals(List.of(tid(1), tid(2)), OtlpTraceSourceTest.Read.of(file).ids());
    }

    @Test
    void aJsonlLogOrOtlpLogsAreNotOtlpTraces() {
        assertRejected(write(dir.resolve("log.jsonl"),
                        "{\"id\":\"r1\",\"input\":\"hi\",\"output\":\"hello\",\"model\":\"gpt-4o\"}"),
                "a JSONL request log (JSON objects with keys id, input, output, model, no resourceSpans)");
        assertRejected(write(dir.resolve("logs.jsonl"), "{\"resourceLogs\":[]}"), "OTLP logs, not traces");
    }

    @Test
    void upToFourBadLinesBeforeTheFirstExportRequestAreOnlyProblems() {
        String good = line(chat(tid(1), sid(1), null, 0, 10, 1));
        Path four = write(dir.resolve("four.jsonl"), "x", "", "y", "z", "{}", good);
        OtlpTraceSourceTest.Read read = OtlpTraceSourceTest.Read.of(four);
        assertEquals(4, read.report().malformed());
        assertEquals(List.of(tid(1)), read.ids());

        Path five = write(dir.resolve("five.jsonl"), "x", "y", "z", "{}", "{}", good);
        assertRejected(five, "not JSON (the first line starts 'x')");
    }

    @Test
    void aTraceWithoutRootIsOneRequestFromItsEarliestTopMostSpan() {
        String missingParent = sid(99);
        Path file = write(dir.resolve("rootless.jsonl"), line(
                chat(tid(1), sid(2), missingParent, 500, 200, 20),
                chat(tid(1), sid(1), missingParent, 0, 100, 10),
                chat(tid(1), sid(3), sid(2), 600, 50, 5)));

        Request r = OtlpTraceSourceTest.Read.of(file).only();
        assertEquals(tid(1), r.id());
        assertEquals(sid(1), r.spanId());
        assertEquals("question " + sid(1), r.input());
        // span 3 is a chat span inside chat span 2: one call described twice, counted once (span 3's 50 tokens)
        assertEquals(150, r.inputTokens());
        assertEquals(2, r.calls().size());
        assertEquals("true", r.attributes().get(RequestAssembler.ROOT_MISSING));
    }

    @Test
    void aSpanArrivingAfterItsTraceWasEmittedIsReportedNotMadeASecondRequest() {
        OtlpLimits limits = new OtlpLimits(2, 100, 1000, 100, 1 << 20);
        Path file = write(dir.resolve("late.jsonl"),
                line(chat(tid(1), sid(1), null, 0, 10, 1), chat(tid(1), sid(2), sid(1), 10, 20, 2)),
                line(chat(tid(2), sid(3), null, 0, 1, 1), chat(tid(2), sid(4), sid(3), 0, 1, 1)),
                line(chat(tid(1), sid(5), sid(1), 20, 40, 4)));

        OtlpTraceSourceTest.Read read = OtlpTraceSourceTest.Read.of(new OtlpTraceSource(file, limits));
        assertEquals(List.of(tid(1), tid(2)), read.ids());
        assertEquals(20, read.requests().get(0).inputTokens(), "the inner chat span of one call, not the late one");
        assertEquals(0, read.report().malformed());
        Skipped late = read.report().skipped().get(ReadReport.LATE_SPAN);
        assertEquals(1, late.count());
        assertEquals(file + " line 3", late.example().location());
        assertEquals("span " + sid(5) + " of trace " + tid(1) + " came after its trace was complete and emitted",
                late.example().message());
    }

    @Test
    void overTheOpenTraceCapTheLeastRecentlyUpdatedTraceIsEmittedFirst() {
        OtlpLimits limits = new OtlpLimits(1000, 2, 1000, 100, 1 << 20);
        Path file = write(dir.resolve("cap.jsonl"),
                line(chat(tid(1), sid(1), sid(90), 0, 1, 1)),
                line(chat(tid(2), sid(2), sid(90), 0, 1, 1)),
                line(chat(tid(1), sid(3), sid(90), 0, 1, 1)),
                line(chat(tid(3), sid(4), sid(90), 0, 1, 1)));

        assertEquals(List.of(tid(2), tid(1), tid(3)),
                OtlpTraceSourceTest.Read.of(new OtlpTraceSource(file, limits)).ids());
    }

    @Test
    void base64IdsJoinHexOnes() {
        // AAAAAAAAAAAAAAAAAAAAAQ== is trace id 1 and AAAAAAAAAAE= span id 1, as a protobuf JSON printer writes them
        String root = chat("AAAAAAAAAAAAAAAAAAAAAQ==", "AAAAAAAAAAE=", null, 0, 10, 1);
        Path file = write(dir.resolve("b64.jsonl"), line(root, chat(tid(1), sid(2), sid(1), 5, 20, 2)));

        Request r = OtlpTraceSourceTest.Read.of(file).only();
        assertEquals(tid(1), r.id());
        assertEquals(sid(1), r.spanId());
        assertEquals(List.of(sid(2)), r.calls().stream().map(c -> c.spanId()).toList(), "joined, as one call");
    }

    private static void assertRejected(Path file, String looksLike) {
        TrafficFormatException e = assertThrows(TrafficFormatException.class,
                () -> new OtlpTraceSource(file).read(r -> { }));
        assertTrue(e.getMessage().startsWith(file + " is not OTLP traces: it looks like " + looksLike),
                e.getMessage());
    }
}
