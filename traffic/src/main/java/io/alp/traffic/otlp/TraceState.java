package io.alp.traffic.otlp;

import java.util.ArrayList;
import java.util.List;

/** The spans of one open trace, and when its last span was read. */
final class TraceState {

    final String traceId;
    final List<OtlpSpan> spans = new ArrayList<>(8);
    /** The reader's span count when this trace's latest span was read. */
    long lastSeen;
    boolean rooted;

    TraceState(String traceId) {
        this.traceId = traceId;
    }

    void add(OtlpSpan span, long seen) {
        spans.add(span);
        lastSeen = seen;
        rooted |= span.root();
    }
}
