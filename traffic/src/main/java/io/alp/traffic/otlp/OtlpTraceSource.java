package io.alp.traffic.otlp;

import io.alp.engine.port.TrafficSource;
import io.alp.engine.traffic.ReadReport;
import io.alp.engine.traffic.Request;
import io.alp.engine.traffic.TrafficFormatException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * OTLP trace files as they come ({@link TraceFile} says which encodings): spans are grouped by trace and each
 * complete trace becomes one request per user turn ({@link RequestAssembler}); when a trace is complete is decided
 * by {@link OtlpLimits}, which also bounds the memory held whatever the file's size.
 *
 * <p>The report counts spans as records. A record that is not an export request or a span without ids is
 * malformed and skipped; a late or duplicated span and a model call outside every request are counted as skipped,
 * with an example. A file is rejected as not OTLP when none of its first {@value SpanIntake#SNIFF_RECORDS}
 * records is an export request.
 */
public final class OtlpTraceSource implements TrafficSource {

    private final List<Path> files;
    private final String description;
    private final OtlpLimits limits;

    public OtlpTraceSource(Path file) {
        this(file, OtlpLimits.DEFAULT);
    }

    public OtlpTraceSource(Path file, OtlpLimits limits) {
        this(List.of(file), "OTLP traces in " + file, limits);
    }

    /**
     * Several files read as one stream of spans, in order, so that a trace whose spans were written to two files
     * (consecutive segments of a {@link io.alp.traffic.collect.TraceStore}) is still one trace.
     */
    public OtlpTraceSource(List<Path> files, String description, OtlpLimits limits) {
        this.files = List.copyOf(files);
        this.description = description;
        this.limits = limits;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public ReadReport read(Consumer<Request> sink) {
        ReadReport.Builder report = new ReadReport.Builder(describe());
        RequestAssembler assembler = new RequestAssembler(report);
        Consumer<TraceState> emit = trace -> assembler.assemble(trace).forEach(request -> {
            report.request();
            sink.accept(request);
        });
        OpenTraces open = new OpenTraces(limits);
        for (Path file : files) {
            read(file, open, report, emit);
        }
        open.emitAll(emit);
        return report.build();
    }

    private void read(Path file, OpenTraces open, ReadReport.Builder report, Consumer<TraceState> emit) {
        TraceFile traceFile = new TraceFile(file);
        TraceFile.Encoding encoding = traceFile.encoding(limits.maxLineBytes());
        String unit = encoding == TraceFile.Encoding.PROTOBUF ? "message" : "line";
        SpanIntake intake = new SpanIntake(file.toString(), unit, report, open, emit);
        try {
            switch (encoding) {
                case JSON_LINES -> new JsonLinesReading(traceFile, limits, intake).read();
                case JSON_DOCUMENT -> new JsonDocumentReading(traceFile, intake).read();
                case PROTOBUF -> new ProtobufReading(traceFile, limits, intake).read();
                default -> throw new IllegalStateException(encoding.toString());
            }
        } catch (IOException e) {
            throw new TrafficFormatException("cannot read OTLP traces from " + file + ": " + e.getMessage(), e);
        }
        intake.end();
    }
}
