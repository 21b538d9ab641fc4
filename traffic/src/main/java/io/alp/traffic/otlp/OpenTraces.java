package io.alp.traffic.otlp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Consumer;

/**
 * The traces being read, held until complete under the rules of {@link OtlpLimits}. Both maps iterate least
 * recently updated first, so the traces to emit are always at their heads.
 */
final class OpenTraces {

    private final OtlpLimits limits;
    private final LinkedHashMap<String, TraceState> rooted = new LinkedHashMap<>(1024, 0.75f, true);
    private final LinkedHashMap<String, TraceState> unrooted = new LinkedHashMap<>(1024, 0.75f, true);
    private final RecentlyEmitted emitted;
    private long spans;

    OpenTraces(OtlpLimits limits) {
        this.limits = limits;
        this.emitted = new RecentlyEmitted(limits.rememberedTraces());
    }

    /**
     * Adds a span read as the {@code seen}-th span of the file.
     *
     * @return false when the span's trace was already emitted (a late span), which is then left out
     */
    boolean add(OtlpSpan span, long seen) {
        String id = span.traceId();
        TraceState trace = rooted.get(id);
        if (trace == null) {
            trace = unrooted.get(id);
            if (trace == null) {
                if (emitted.contains(id)) {
                    return false;
                }
                trace = new TraceState(id);
                unrooted.put(id, trace);
            }
        }
        boolean wasRooted = trace.rooted;
        trace.add(span, seen);
        spans++;
        if (trace.rooted && !wasRooted) {
            unrooted.remove(id);
            rooted.put(id, trace);
        }
        return true;
    }

    /** Emits the complete traces, then the least recently updated ones while over a cap. */
    void emitReady(long seen, Consumer<TraceState> out) {
        for (Iterator<TraceState> it = rooted.values().iterator(); it.hasNext(); ) {
            TraceState trace = it.next();
            if (seen - trace.lastSeen < limits.windowSpans()) {
                break;
            }
            it.remove();
            emit(trace, out);
        }
        while (rooted.size() + unrooted.size() > limits.maxOpenTraces() || spans > limits.maxOpenSpans()) {
            TraceState a = head(rooted);
            TraceState b = head(unrooted);
            TraceState oldest = a == null ? b : b == null ? a : a.lastSeen <= b.lastSeen ? a : b;
            (oldest == a ? rooted : unrooted).remove(oldest.traceId);
            emit(oldest, out);
        }
    }

    /** Emits every open trace, least recently updated first: the end of the file. */
    void emitAll(Consumer<TraceState> out) {
        List<TraceState> all = new ArrayList<>(rooted.values());
        all.addAll(unrooted.values());
        all.sort(Comparator.comparingLong(t -> t.lastSeen));
        rooted.clear();
        unrooted.clear();
        all.forEach(trace -> emit(trace, out));
    }

    int openTraces() {
        return rooted.size() + unrooted.size();
    }

    long openSpans() {
        return spans;
    }

    private void emit(TraceState trace, Consumer<TraceState> out) {
        spans -= trace.spans.size();
        emitted.add(trace.traceId);
        out.accept(trace);
    }

    private static TraceState head(LinkedHashMap<String, TraceState> traces) {
        return traces.isEmpty() ? null : traces.values().iterator().next();
    }
}
