package io.alp.evaluator.gateway;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

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

    private final Path file;
    private final Map<String, Deque<Exchange>> byKey = new HashMap<>();
    private final Map<String, Exchange> last = new HashMap<>();

    private GatewayTape(Path file) {
        this.file = file;
    }

    /** A file to record into, created if missing and appended to otherwise. */
    static GatewayTape forRecording(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the gateway recording " + file + ": " + e.getMessage(), e);
        }
        return new GatewayTape(file);
    }

    /**
     * A recording to replay.
     *
     * @throws IllegalArgumentException when the file is missing or a line is not an exchange (naming the line)
     */
    static GatewayTape load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no gateway recording at " + file + ": record the session first");
        }
        GatewayTape tape = new GatewayTape(file);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the gateway recording " + file + ": " + e.getMessage(), e);
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            Exchange exchange;
            try {
                exchange = JSON.readValue(lines.get(i), Exchange.class);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + " is not a recorded gateway exchange: "
                        + e.getOriginalMessage());
            }
            if (exchange.key() == null) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + " has no key");
            }
            tape.index(exchange);
        }
        return tape;
    }

    Path file() {
        return file;
    }

    /** {@code caseId/nodeId/SHA-256 of the upstream request body}. */
    static String key(RunScope scope, byte[] upstreamBody) {
        try {
            return scope.caseId() + "/" + scope.nodeId() + "/"
                    + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(upstreamBody));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256", e);
        }
    }

    /** Appends one exchange as a line; safe to call from any thread. */
    synchronized void append(Exchange exchange) {
        String line;
        try {
            line = JSON.writeValueAsString(exchange);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a gateway exchange", e);
        }
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
            out.write(line);
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the gateway recording " + file + ": " + e.getMessage(),
                    e);
        }
    }

    /**
     * The next recorded exchange under this key: identical requests are answered in recorded order, and the last
     * answer again once they are used up. Null when the key was never recorded.
     */
    synchronized Exchange next(String key) {
        Deque<Exchange> queue = byKey.get(key);
        if (queue != null && !queue.isEmpty()) {
            return queue.poll();
        }
        return last.get(key);
    }

    private void index(Exchange exchange) {
        byKey.computeIfAbsent(exchange.key(), k -> new ArrayDeque<>()).add(exchange);
        last.put(exchange.key(), exchange);
    }
}
