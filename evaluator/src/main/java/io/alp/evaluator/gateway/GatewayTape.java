package io.alp.evaluator.gateway;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.alp.evaluator.cassette.JsonLinesTape;

import java.nio.file.Path;

/** The file behind a {@link GatewayRecording}: appended to while recording, indexed by key for a replay. */
final class GatewayTape {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** How a call failed without an answer to pass on: no answer, or an answer cut short. */
    enum Failure {
        /** The provider did not answer in time. */
        UPSTREAM_TIMEOUT,
        /** The provider could not be reached, or broke off a non-streamed answer. */
        UPSTREAM_FAILED,
        /** A stream ended in a failure after the bytes recorded. */
        STREAM_BROKE_OFF
    }

    /**
     * One forwarded call.
     *
     * @param model       the {@code provider/model} it was priced as
     * @param request     the body sent upstream
     * @param status      the provider's HTTP status; 0 when there was no answer
     * @param contentType the answer's content type, when there was one
     * @param body        the whole answer (for a stream, every byte passed on, as text); null when not read
     * @param stream      whether the answer was passed on as an event stream
     * @param failure     null when the call got its answer
     * @param error       for a failure without an answer, what the run's usage says; for a broken stream, the
     *                    failure that cut it
     * @param message     for a failure without an answer, what the candidate was told
     */
    record Exchange(String key, String caseId, String nodeId, String protocol, String model, String request,
                    int status, String contentType, String body, boolean stream, Failure failure, String error,
                    String message) {
    }

    private final JsonLinesTape<Exchange> tape;

    private GatewayTape(JsonLinesTape<Exchange> tape) {
        this.tape = tape;
    }

    /** A file to record into, created if missing and appended to otherwise. */
    static GatewayTape forRecording(Path file) {
        return new GatewayTape(JsonLinesTape.forRecording(file, "gateway ", JSON));
    }

    /**
     * A recording to replay.
     *
     * @throws IllegalArgumentException when the file is missing or a line is not an exchange (naming the line)
     */
    static GatewayTape load(Path file) {
        return new GatewayTape(JsonLinesTape.load(file, "gateway ", "record the session first", JSON, Exchange.class,
                Exchange::key));
    }

    /** {@code caseId/nodeId/SHA-256 of the upstream request body}. */
    static String key(RunScope scope, byte[] upstreamBody) {
        return scope.caseId() + "/" + scope.nodeId() + "/" + JsonLinesTape.sha256(upstreamBody);
    }

    /** Appends one exchange as a line; safe to call from any thread. */
    void append(Exchange exchange) {
        tape.append(exchange);
    }

    /**
     * The next recorded exchange under this key: identical requests are answered in recorded order, and the last
     * answer again once they are used up. Null when the key was never recorded.
     */
    Exchange next(String key) {
        return tape.next(key);
    }
}
