package io.alp.engine.dataset;

import io.alp.engine.model.Case;
import io.alp.engine.traffic.Request;

import java.util.Map;
import java.util.TreeMap;

/**
 * A sampled request as a case: its input, its attributes, and where it came from (trace id), with the answer
 * production gave kept as {@code production_output} for judges that compare against it.
 */
public final class RequestCases {

    public static final String TRACE_ID = "trace_id";
    public static final String PRODUCTION_OUTPUT = "production_output";
    public static final String MODELS = "models";
    public static final String STARTED = "started";

    private RequestCases() {
    }

    public static Case of(Request r) {
        Map<String, String> attributes = new TreeMap<>(r.attributes());
        put(attributes, TRACE_ID, r.traceId());
        put(attributes, PRODUCTION_OUTPUT, r.output());
        put(attributes, MODELS, r.models().isEmpty() ? null : String.join(",", r.models()));
        put(attributes, STARTED, r.start() == null ? null : r.start().toString());
        return new Case(r.id(), r.input(), attributes);
    }

    private static void put(Map<String, String> attributes, String key, String value) {
        if (value != null) {
            attributes.put(key, value);
        }
    }
}
