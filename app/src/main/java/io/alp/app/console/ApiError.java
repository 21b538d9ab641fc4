package io.alp.app.console;

import java.util.LinkedHashMap;
import java.util.Map;

/** A request the console refuses, with the HTTP status and a JSON body whose {@code error} says why. */
final class ApiError extends RuntimeException {

    private final int status;
    private final Map<String, Object> body;

    ApiError(int status, String message) {
        this(status, message, Map.of());
    }

    ApiError(int status, String message, Map<String, Object> details) {
        super(message);
        this.status = status;
        this.body = new LinkedHashMap<>();
        body.put("error", message);
        body.putAll(details);
    }

    static ApiError notFound(String message) {
        return new ApiError(404, message);
    }

    int status() {
        return status;
    }

    Map<String, Object> body() {
        return body;
    }
}
