package io.alp.traffic.otlp;

import com.google.protobuf.CodedInputStream;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.PushbackInputStream;

/**
 * Reads OTLP protobuf: {@code ExportTraceServiceRequest}s each preceded by a 4-byte big-endian size (the
 * Collector's file exporter with {@code format: proto}), or one bare message (an OTLP/HTTP body saved to a file),
 * told apart by the first byte. Locations count messages from 1. A message that does not parse is reported and
 * skipped; a size that cannot be right (over the line limit) ends the reading, since framing is lost.
 */
final class ProtobufReading {

    private final TraceFile file;
    private final OtlpLimits limits;
    private final SpanIntake intake;

    ProtobufReading(TraceFile file, OtlpLimits limits, SpanIntake intake) {
        this.file = file;
        this.limits = limits;
        this.intake = intake;
    }

    void read() throws IOException {
        ProtoSpans spans = new ProtoSpans();
        try (PushbackInputStream raw = new PushbackInputStream(file.open(), 1);
             DataInputStream in = new DataInputStream(raw)) {
            int first = raw.read();
            if (first < 0) {
                return;
            }
            raw.unread(first);
            boolean bare = first == 0x0A;
            if (bare) {
                byte[] all = in.readNBytes(limits.maxLineBytes() + 1);
                if (all.length > limits.maxLineBytes()) {
                    intake.failed(1, "a single protobuf message over " + (limits.maxLineBytes() >> 20)
                            + " MB; skipped", "a protobuf message too large to read", true);
                    return;
                }
                message(spans, all, all.length, 1);
                return;
            }
            byte[] buffer = new byte[1 << 16];
            for (long n = 1; ; n++) {
                long size;
                try {
                    size = Integer.toUnsignedLong(in.readInt());
                } catch (EOFException e) {
                    return;
                }
                if (size > limits.maxLineBytes()) {
                    intake.failed(n, "a message size of " + size + " bytes: not the Collector's file exporter "
                            + "framing (4-byte big-endian size before each message), or a corrupt file; the rest "
                            + "is not read", "binary data that is not OTLP protobuf", true);
                    return;
                }
                if (buffer.length < size) {
                    buffer = new byte[(int) Math.max(size, buffer.length * 2L)];
                }
                try {
                    in.readFully(buffer, 0, (int) size);
                } catch (EOFException e) {
                    intake.problem("the file ends inside this message; it is lost", n);
                    return;
                }
                message(spans, buffer, (int) size, n);
            }
        }
    }

    private void message(ProtoSpans spans, byte[] bytes, int length, long n) {
        ExportTraceServiceRequest request;
        try {
            request = ExportTraceServiceRequest.parseFrom(CodedInputStream.newInstance(bytes, 0, length));
        } catch (IOException e) {
            intake.failed(n, "not an OTLP ExportTraceServiceRequest (" + e.getMessage() + ")",
                    "binary data that is not OTLP protobuf", false);
            return;
        }
        intake.accepted();
        spans.read(request, n, intake);
    }
}
