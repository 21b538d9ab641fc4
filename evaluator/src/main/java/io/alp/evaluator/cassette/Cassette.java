package io.alp.evaluator.cassette;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.alp.engine.port.LlmClient;

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
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Every model exchange of a session, as JSON Lines: the request (model, prompts, settings, tag: never a credential,
 * since requests hold none), and the response or the failure. An exchange is keyed by its tag and the SHA-256 of
 * its request, so a re-run finds the answer to each question however its calls interleave.
 */
public final class Cassette {

    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

    /** One recorded call: the answer, or the failure the client reported. */
    public record Exchange(String key, String tag, LlmClient.Request request, LlmClient.Response response,
                           String error, boolean retryable) {
    }

    private final Path file;
    private final Map<String, Deque<Exchange>> byKey = new HashMap<>();
    private final Map<String, Exchange> last = new HashMap<>();

    private Cassette(Path file) {
        this.file = file;
    }

    /** A cassette to record into: the file is created, or appended to when a session resumes. */
    public static Cassette forRecording(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the recording " + file + ": " + e.getMessage(), e);
        }
        return new Cassette(file);
    }

    /**
     * A recorded cassette to replay.
     *
     * @throws IllegalArgumentException when the file is missing or a line is not an exchange (naming the line)
     */
    public static Cassette load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no recording at " + file + ": run the session with --record first");
        }
        Cassette cassette = new Cassette(file);
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                try {
                    cassette.index(JSON.readValue(lines.get(i), Exchange.class));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalArgumentException(file + " line " + (i + 1) + " is not a recorded exchange: "
                            + e.getOriginalMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the recording " + file + ": " + e.getMessage(), e);
        }
        return cassette;
    }

    public Path file() {
        return file;
    }

    public static String key(LlmClient.Request request) {
        try {
            byte[] canonical = JSON.writeValueAsBytes(request);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot key a model request", e);
        }
    }

    synchronized void append(Exchange exchange) {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
            out.write(JSON.writeValueAsString(exchange));
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the recording " + file + ": " + e.getMessage(), e);
        }
        index(exchange);
    }

    /**
     * The next recorded exchange for this request: answers to the same request come back in recorded order, and
     * the last one again once they are used up (a re-run may ask a cached question once more).
     */
    synchronized Exchange next(LlmClient.Request request) {
        String key = key(request);
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

    /** Tags recorded, for a message when a request was never seen. */
    synchronized List<String> tagsLike(String tag) {
        String prefix = tag.contains("/") ? tag.substring(0, tag.indexOf('/') + 1) : tag;
        List<String> tags = new ArrayList<>();
        last.values().stream().map(Exchange::tag).filter(t -> t.startsWith(prefix)).sorted().limit(3)
                .forEach(tags::add);
        return tags;
    }
}
