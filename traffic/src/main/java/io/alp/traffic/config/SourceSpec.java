package io.alp.traffic.config;

import io.alp.engine.port.TrafficSource;
import io.alp.traffic.jsonl.JsonlRequestSource;
import io.alp.traffic.langfuse.LangfuseExportSource;
import io.alp.traffic.collect.TraceStore;
import io.alp.traffic.otlp.OtlpLimits;
import io.alp.traffic.otlp.OtlpTraceSource;
import io.alp.traffic.sql.SqlRequestSource;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where traffic is read from: a file of a given format, the directory {@code alp collect} writes to, or a SQL query. A database password is never in the
 * config: {@code passwordEnv} names the environment variable that holds it, read only when the source is opened.
 */
public record SourceSpec(Kind kind, Path path, String url, String user, String passwordEnv, String query) {

    public enum Kind {
        OTLP, LANGFUSE, JSONL, SQL, COLLECTED
    }

    public TrafficSource open(Map<String, String> environment) {
        return switch (kind) {
            case OTLP -> new OtlpTraceSource(path);
            case COLLECTED -> new OtlpTraceSource(TraceStore.segments(path), "OTLP traces collected in " + path,
                    OtlpLimits.DEFAULT);
            case LANGFUSE -> new LangfuseExportSource(path);
            case JSONL -> new JsonlRequestSource(path);
            case SQL -> new SqlRequestSource(url, user, password(environment), query);
        };
    }

    private String password(Map<String, String> environment) {
        if (passwordEnv == null) {
            return "";
        }
        String value = environment.get(passwordEnv);
        if (value == null) {
            throw new IllegalArgumentException("the SQL traffic source's password is read from the environment"
                    + " variable " + passwordEnv + ", which is not set");
        }
        return value;
    }
}
