package io.alp.engine.traffic;

/**
 * A traffic source that cannot be read at all: a missing file, a file that is not the format it claims
 * (e.g. a Langfuse export given as OTLP), a failing SQL query. The message names the source and what is wrong.
 */
public class TrafficFormatException extends RuntimeException {

    public TrafficFormatException(String message) {
        super(message);
    }

    public TrafficFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
