package io.alp.traffic.otlp;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The completeness rules: window after a rooted trace's last span, caps, late spans. */
class OpenTracesTest {

    private final List<String> emitted = new ArrayList<>();
    private long seen;

    @Test
    void aRootedTraceIsEmittedOnceTheWindowHasPassedSinceItsLastSpan() {
        OpenTraces open = new OpenTraces(new OtlpLimits(3, 100, 100, 100, 1024));
        add(open, "a", "a1", null);
        add(open, "a", "a2", "a1");
        add(open, "b", "b1", "x");
        add(open, "b", "b2", "x");
        assertEquals(List.of(), emitted, "only 2 spans since a's last");
        add(open, "b", "b3", "x");
        assertEquals(List.of("a"), emitted);
        assertEquals(1, open.openTraces());
        assertEquals(3, open.openSpans());
    }

    @Test
    void aTraceWithoutRootOutlivesTheWindowUntilACapOrTheEnd() {
        OpenTraces open = new OpenTraces(new OtlpLimits(1, 100, 5, 100, 1024));
        add(open, "a", "a1", "x");
        for (int i = 0; i < 4; i++) {
            add(open, "r" + i, "r" + i, null);
        }
        assertEquals(List.of("r0", "r1", "r2"), emitted, "rooted traces go after the window, a stays");
        for (int i = 0; i < 5; i++) {
            add(open, "b", "b" + i, "x");
        }
        assertEquals(List.of("r0", "r1", "r2", "r3", "a"), emitted, "6 spans are over the cap of 5: a goes");
        open.emitAll(t -> emitted.add(t.traceId));
        assertEquals("b", emitted.get(emitted.size() - 1));
        assertEquals(0, open.openSpans());
    }

    @Test
    void aSpanOfAnEmittedTraceIsRefusedWhileItsIdIsRemembered() {
        OpenTraces open = new OpenTraces(new OtlpLimits(1, 100, 100, 1, 1024));
        add(open, "a", "a1", null);
        add(open, "b", "b1", null);
        add(open, "c", "c1", null);
        assertEquals(List.of("a", "b"), emitted);
        assertFalse(open.add(span("b", "b2", "b1"), ++seen), "b is remembered");
        assertTrue(open.add(span("a", "a2", "a1"), ++seen), "only the last emitted id is remembered");
    }

    private void add(OpenTraces open, String trace, String span, String parent) {
        assertTrue(open.add(span(trace, span, parent), ++seen));
        open.emitReady(seen, t -> emitted.add(t.traceId));
    }

    private static OtlpSpan span(String trace, String span, String parent) {
        return new OtlpSpan(trace, span, parent, "s", 1, 2, false, OtlpSpan.Role.OTHER, null, null, null, -1, -1, -1,
                null, null, null, null, null, null, List.of(), Map.of(), Map.of());
    }
}
