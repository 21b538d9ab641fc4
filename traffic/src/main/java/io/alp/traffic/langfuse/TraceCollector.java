package io.alp.traffic.langfuse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alp.engine.traffic.ReadReport;
import io.alp.engine.traffic.Request;
import io.alp.engine.traffic.TrafficFormatException;
import io.alp.traffic.read.BadRecordException;
import io.alp.traffic.read.ForeignFormatGuard;
import io.alp.traffic.read.Shape;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;

/** Turns what the walk finds into requests for the sink, and bad records into the report. */
final class TraceCollector implements ExportHandler {

    private static final Set<Shape> FOREIGN = EnumSet.of(Shape.OTLP_TRACES, Shape.OTLP_OTHER, Shape.ALP_REQUEST);

    private final String fileName;
    private final ReadReport.Builder report;
    private final ForeignFormatGuard guard;
    private final Consumer<Request> sink;
    private final ObservationGroups observations = new ObservationGroups(this::map);

    TraceCollector(String fileName, ReadReport.Builder report, Consumer<Request> sink) {
        this.fileName = fileName;
        this.report = report;
        this.sink = sink;
        this.guard = new ForeignFormatGuard(fileName, "a Langfuse trace export", "record", "records");
    }

    @Override
    public void trace(ObjectNode trace, String location) {
        report.record();
        Shape shape = Shape.of(trace);
        if (FOREIGN.contains(shape)) {
            report.malformed(location, "looks like " + shape + ", not a Langfuse trace");
            guard.foreign(shape.description());
            return;
        }
        if (shape == Shape.LANGFUSE_OBSERVATION && trace.path("traceId").isTextual()) {
            observations.add(trace.get("traceId").asText(), trace, location);
            return;
        }
        map(trace, location);
    }

    private void map(ObjectNode trace, String location) {
        Request request;
        try {
            request = TraceMapper.map(trace);
        } catch (BadRecordException e) {
            report.malformed(location, e.getMessage());
            guard.otherFailure();
            return;
        }
        guard.accepted();
        report.request();
        sink.accept(request);
    }

    @Override
    public void notATrace(String location, String what) {
        report.record();
        report.malformed(location, what + ", not a trace object");
        guard.foreign(what);
    }

    @Override
    public void unreadableLine(String location, String message) {
        report.record();
        report.malformed(location, "not JSON (" + message + ")");
        guard.foreign("text that is not JSON");
    }

    @Override
    public void brokenDocument(String location, String message) {
        if (!guard.anyAccepted()) {
            throw new TrafficFormatException(fileName + " is not valid JSON at " + location + ": " + message);
        }
        report.malformed(location, "invalid JSON, nothing after it could be read (" + message + ")");
    }

    /** @throws TrafficFormatException when the file held nothing but records of another format */
    void finish() {
        observations.flush();
        guard.finish();
    }
}
