package io.alp.traffic.otlp;

import io.alp.engine.port.TrafficSource;
import io.alp.engine.traffic.ReadReport;
import io.alp.engine.traffic.Request;
import io.alp.engine.traffic.TrafficFormatException;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * OTLP/JSON trace files, as the OpenTelemetry Collector's file exporter writes them: JSON Lines, one
 * {@code ExportTraceServiceRequest} per line, optionally gzipped. Spans are grouped by trace and each complete
 * trace becomes one request per agent invocation ({@link RequestAssembler}); when a trace is complete is decided
 * by {@link OtlpLimits}, which also bounds the memory held whatever the file's size.
 *
 * <p>The report counts spans as records. A line that is not an export request, a span without ids, or a span
 * that arrives after its trace was emitted is reported as malformed and skipped. A file is rejected as not OTLP
 * when none of its first {@value #SNIFF_LINES} non-blank lines is an export request, or when it starts with a
 * JSON array.
 */
public final class OtlpTraceSource implements TrafficSource {

    /** Non-blank lines that may fail before a file without any export request is rejected as not OTLP. */
    static final int SNIFF_LINES = 5;

    private final Path file;
    private final OtlpLimits limits;

    public OtlpTraceSource(Path file) {
        this(file, OtlpLimits.DEFAULT);
    }

    public OtlpTraceSource(Path file, OtlpLimits limits) {
        this.file = file;
        this.limits = limits;
    }

    @Override
    public String describe() {
        return "OTLP/JSON traces in " + file;
    }

    @Override
    public ReadReport read(Consumer<Request> sink) {
        ReadReport.Builder report = new ReadReport.Builder(describe());
        OpenTraces open = new OpenTraces(limits);
        RequestAssembler assembler = new RequestAssembler();
        Consumer<TraceState> emit = trace -> assembler.assemble(trace).forEach(request -> {
            report.request();
            sink.accept(request);
        });
        try (InputStream in = open()) {
            LineReader lines = new LineReader(in, limits.maxLineBytes());
            ExportRequestParser parser = new ExportRequestParser();
            Sniff sniff = new Sniff();
            long seen = 0;
            while (nextLine(lines, report)) {
                if (!lines.tooLong() && lines.blank()) {
                    continue;
                }
                String where = file + " line " + lines.number();
                ExportRequestParser.Line line;
                try {
                    if (lines.tooLong()) {
                        throw new MalformedLineException("longer than " + (limits.maxLineBytes() >> 20)
                                + " MB; skipped");
                    }
                    line = parser.parse(lines.bytes(), lines.length());
                } catch (MalformedLineException e) {
                    report.malformed(where, e.getMessage());
                    sniff.failed(lines, e.getMessage());
                    continue;
                }
                sniff.passed();
                line.problems().forEach(problem -> report.malformed(where, problem));
                for (OtlpSpan span : line.spans()) {
                    report.record();
                    if (!open.add(span, ++seen)) {
                        report.malformed(where, "span " + span.spanId() + " of trace " + span.traceId()
                                + " came after its trace was complete and emitted; skipped");
                    }
                }
                open.emitReady(seen, emit);
            }
            sniff.end();
        } catch (IOException e) {
            throw new TrafficFormatException("cannot read OTLP traces from " + file + ": " + e.getMessage(), e);
        }
        open.emitAll(emit);
        return report.build();
    }

    /** The next line; a gzip stream cut short ends the file with a problem instead of failing the read. */
    private boolean nextLine(LineReader lines, ReadReport.Builder report) throws IOException {
        try {
            return lines.next();
        } catch (EOFException e) {
            report.malformed(file + " line " + (lines.number() + 1), "the compressed file ends abruptly; "
                    + "the rest is lost");
            return false;
        }
    }

    private InputStream open() {
        if (!Files.exists(file)) {
            throw new TrafficFormatException("cannot read OTLP traces: " + file + " does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new TrafficFormatException("cannot read OTLP traces: " + file + " is a directory, not a file");
        }
        try {
            InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            in.mark(2);
            int b1 = in.read();
            int b2 = in.read();
            in.reset();
            boolean gzip = b1 == 0x1f && b2 == 0x8b; // by content, whatever the file is called
            return gzip ? new GZIPInputStream(in, 1 << 16) : in;
        } catch (IOException e) {
            throw new TrafficFormatException("cannot read OTLP traces from " + file + ": " + e, e);
        }
    }

    /** Decides from the first lines whether the file is OTLP at all. */
    private final class Sniff {
        private boolean passed;
        private int failed;
        private String guess;

        void passed() {
            passed = true;
        }

        void failed(LineReader line, String problem) {
            if (passed) {
                return;
            }
            boolean array = false;
            if (guess == null) {
                guess = line.tooLong() ? "a file with a first line over " + (limits.maxLineBytes() >> 20) + " MB"
                        : FormatGuess.describe(line.bytes(), line.length(), problem);
                // Its elements may sit one per line and read as export requests: reject it before they do.
                array = !line.tooLong() && FormatGuess.opensArray(line.bytes(), line.length());
            }
            if (++failed >= SNIFF_LINES || array) {
                reject();
            }
        }

        void end() {
            if (!passed && failed > 0) {
                reject();
            }
        }

        private void reject() {
            throw new TrafficFormatException(file + " is not OTLP/JSON traces: it looks like " + guess
                    + "; expected one {\"resourceSpans\":[...]} export request per line");
        }
    }
}
