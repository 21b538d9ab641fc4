package io.alp.traffic.otlp;

import io.alp.engine.traffic.ReadReport;
import io.alp.engine.traffic.TrafficFormatException;

import java.util.function.Consumer;

/**
 * Where the spans of a trace file go as they are read, whatever its encoding: each span is counted, added to its
 * open trace, and complete traces are emitted; spans that could not be read or placed are reported with the file
 * and the line (or message) they came from. Also decides from the first records whether the file is OTLP at all.
 */
final class SpanIntake implements ExportRequestParser.Sink {

    /** Records that may fail before a file without any export request is rejected as not OTLP. */
    static final int SNIFF_RECORDS = 5;

    private final String file;
    private final String unit;
    private final ReadReport.Builder report;
    private final OpenTraces open;
    private final Consumer<TraceState> emit;
    private long seen;
    private boolean passed;
    private int failed;
    private String guess;
    private long firstBad;

    /**
     * @param unit what a location counts in the file: {@code line}, or {@code message} for protobuf
     */
    SpanIntake(String file, String unit, ReadReport.Builder report, OpenTraces open, Consumer<TraceState> emit) {
        this.file = file;
        this.unit = unit;
        this.report = report;
        this.open = open;
        this.emit = emit;
    }

    String where(long n) {
        return file + " " + unit + " " + n;
    }

    @Override
    public void span(OtlpSpan span, long n) {
        report.record();
        if (!open.add(span, ++seen)) {
            report.skipped(ReadReport.LATE_SPAN, where(n), "span " + span.spanId() + " of trace " + span.traceId()
                    + " came after its trace was complete and emitted");
        }
        open.emitReady(seen, emit);
    }

    @Override
    public void problem(String problem, long n) {
        report.malformed(where(n), problem);
    }

    /** A record (line, array element, message) that was an export request. */
    void accepted() {
        passed = true;
    }

    /**
     * A record that was not an export request.
     *
     * @param looksLike what the record looks like instead, for the error that rejects the file
     * @param rejectNow whether a single such record already shows the file is not OTLP (e.g. a JSON array)
     */
    void failed(long n, String problem, String looksLike, boolean rejectNow) {
        report.malformed(where(n), problem);
        if (passed) {
            return;
        }
        if (guess == null) {
            guess = looksLike;
            firstBad = n;
        }
        if (++failed >= SNIFF_RECORDS || rejectNow) {
            reject();
        }
    }

    /** The end of the file: rejects it when nothing in it was an export request. */
    void end() {
        if (!passed && failed > 0) {
            reject();
        }
    }

    boolean anyAccepted() {
        return passed;
    }

    private void reject() {
        throw new TrafficFormatException(file + " is not OTLP traces: it looks like " + guess + " (from " + unit + " "
                + firstBad + "); expected OTLP/JSON export requests ({\"resourceSpans\":[...]}) as JSON Lines, one "
                + "document or an array, OTLP protobuf, or Jaeger's JSON ({\"data\":[{\"traceID\", \"spans\"}]})");
    }
}
