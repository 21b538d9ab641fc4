package io.alp.evaluator.cassette;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

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
import java.util.function.Function;

/**
 * A recording of exchanges as JSON Lines, one exchange a line: appended to while recording, or loaded and indexed by
 * key for a replay, where the exchanges under one key are answered in recorded order and the last one again once
 * they are used up (a re-run may ask the same question once more).
 *
 * @param <E> the recorded exchange
 */
public final class JsonLinesTape<E> {

    private final Path file;
    private final String kind;
    private final ObjectMapper json;
    private final Map<String, Deque<E>> byKey = new HashMap<>();
    private final Map<String, E> last = new HashMap<>();

    private JsonLinesTape(Path file, String kind, ObjectMapper json) {
        this.file = file;
        this.kind = kind;
        this.json = json;
    }

    /**
     * A file to record into, created if missing and appended to otherwise (a resumed session appends).
     *
     * @param kind names the recording in messages before the word "recording": empty, or e.g. {@code "gateway "}
     */
    public static <E> JsonLinesTape<E> forRecording(Path file, String kind, ObjectMapper json) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the " + kind + "recording " + file + ": " + e.getMessage(),
                    e);
        }
        return new JsonLinesTape<>(file, kind, json);
    }

    /**
     * A recording to replay.
     *
     * @param whenMissing what the message for a missing file tells the user to do
     * @param key         the key an exchange is looked up by
     * @throws IllegalArgumentException when the file is missing, or a line is not an exchange or has no key (naming
     *                                  the line)
     */
    public static <E> JsonLinesTape<E> load(Path file, String kind, String whenMissing, ObjectMapper json,
                                            Class<E> type, Function<E, String> key) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no " + kind + "recording at " + file + ": " + whenMissing);
        }
        JsonLinesTape<E> tape = new JsonLinesTape<>(file, kind, json);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the " + kind + "recording " + file + ": " + e.getMessage(), e);
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            E exchange;
            try {
                exchange = json.readValue(lines.get(i), type);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + " is not a recorded " + kind
                        + "exchange: " + e.getOriginalMessage());
            }
            String k = key.apply(exchange);
            if (k == null) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + " has no key");
            }
            tape.byKey.computeIfAbsent(k, x -> new ArrayDeque<>()).add(exchange);
            tape.last.put(k, exchange);
        }
        return tape;
    }

    public Path file() {
        return file;
    }

    /** The hex SHA-256 of {@code bytes}, for keys. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256", e);
        }
    }

    /** Appends one exchange as a line; safe to call from any thread. */
    public synchronized void append(E exchange) {
        String line;
        try {
            line = json.writeValueAsString(exchange);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a recorded " + kind + "exchange", e);
        }
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
            out.write(line);
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the " + kind + "recording " + file + ": "
                    + e.getMessage(), e);
        }
    }

    /** The next exchange recorded under this key, the last one again once they are used up; null when none. */
    public synchronized E next(String key) {
        Deque<E> queue = byKey.get(key);
        if (queue != null && !queue.isEmpty()) {
            return queue.poll();
        }
        return last.get(key);
    }

    /** The last exchange recorded under each key. */
    public synchronized List<E> lastOfEachKey() {
        return List.copyOf(last.values());
    }
}
