package io.alp.traffic.otlp;

import com.google.protobuf.CodedInputStream;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;

import java.io.IOException;

/**
 * Checks one received OTLP export request before it is stored, with the same parsers that read trace files, and
 * counts its spans. Spans without ids are counted as rejected, as OTLP's partial success reports them.
 */
public final class ExportRequests {

    /** The spans an export request held, and how many of them cannot be read (no trace or span id). */
    public record Count(int spans, int rejected) {
    }

    private ExportRequests() {
    }

    /** @throws IllegalArgumentException saying why the body is not an OTLP/JSON trace export request */
    public static Count json(byte[] body, int length) {
        int[] rejected = {0};
        ExportRequestParser.Sink sink = new ExportRequestParser.Sink() {
            @Override
            public void span(OtlpSpan span, long line) {
            }

            @Override
            public void problem(String problem, long line) {
                rejected[0]++;
            }
        };
        try {
            int spans = new ExportRequestParser().parseLine(body, length, 1, sink);
            return new Count(spans + rejected[0], rejected[0]);
        } catch (MalformedLineException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /** @throws IllegalArgumentException saying why the body is not an OTLP protobuf trace export request */
    public static Count protobuf(byte[] body, int length) {
        ExportTraceServiceRequest request;
        try {
            request = ExportTraceServiceRequest.parseFrom(CodedInputStream.newInstance(body, 0, length));
        } catch (IOException e) {
            throw new IllegalArgumentException("not an OTLP ExportTraceServiceRequest (" + e.getMessage() + ")");
        }
        int spans = 0;
        int rejected = 0;
        for (ResourceSpans resource : request.getResourceSpansList()) {
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                spans += scope.getSpansCount();
                for (var span : scope.getSpansList()) {
                    rejected += span.getTraceId().isEmpty() || span.getSpanId().isEmpty() ? 1 : 0;
                }
            }
        }
        return new Count(spans, rejected);
    }
}
