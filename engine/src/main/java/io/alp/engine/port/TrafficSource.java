package io.alp.engine.port;

import io.alp.engine.traffic.ReadReport;
import io.alp.engine.traffic.Request;
import io.alp.engine.traffic.TrafficFormatException;

import java.util.function.Consumer;

/**
 * Where an agent's production traffic lives (trace files, a Langfuse export, a JSONL log, a SQL table), read as a
 * stream of normalized {@link Request}s: one per agent invocation, not one per LLM call.
 */
public interface TrafficSource {

    /** A human-readable description, e.g. {@code OTLP/JSON traces in traces.jsonl}. */
    String describe();

    /**
     * Streams every request of the source to {@code sink}, in source order, holding only bounded state.
     * Malformed records are counted and skipped, and the first few are kept in the report with their location.
     *
     * @throws TrafficFormatException when the source cannot be read at all, or is not the format it claims
     */
    ReadReport read(Consumer<Request> sink);
}
