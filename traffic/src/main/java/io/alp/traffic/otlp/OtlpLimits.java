package io.alp.traffic.otlp;

/**
 * The bounds that keep reading an OTLP file in bounded memory, whatever its size.
 *
 * <p>A trace is complete, and its requests are emitted, once it has a root span and {@code windowSpans} spans of
 * other traces have been read since its last span. Exporters batch spans by time, so a trace's spans are spread
 * over nearby lines; the root span ends last and so usually arrives last. Traces without a root wait longer: they
 * are emitted when the open-trace or open-span cap pushes them out (least recently updated first) or at the end
 * of the file. A span arriving for a trace that was already emitted is reported as a problem and skipped, as long
 * as that trace is among the last {@code rememberedTraces} emitted ones.
 *
 * @param windowSpans      spans to wait after a rooted trace's last span before emitting it
 * @param maxOpenTraces    traces held at most; beyond it the least recently updated trace is emitted as it is
 * @param maxOpenSpans     spans held at most over all open traces; same eviction (roughly 1 KB each with text)
 * @param rememberedTraces how many emitted trace ids are remembered to recognise late spans
 * @param maxLineBytes     a longer line is reported as malformed and skipped without being held in memory
 */
public record OtlpLimits(int windowSpans, int maxOpenTraces, int maxOpenSpans, int rememberedTraces,
                         int maxLineBytes) {

    public static final OtlpLimits DEFAULT = new OtlpLimits(10_000, 20_000, 100_000, 50_000, 64 << 20);

    public OtlpLimits {
        if (windowSpans < 1 || maxOpenTraces < 1 || maxOpenSpans < 1 || rememberedTraces < 0 || maxLineBytes < 1) {
            throw new IllegalArgumentException("OTLP limits must be positive");
        }
    }
}
