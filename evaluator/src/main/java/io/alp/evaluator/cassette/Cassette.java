package io.alp.evaluator.cassette;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.alp.engine.port.LlmClient;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

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

    private final JsonLinesTape<Exchange> tape;

    private Cassette(JsonLinesTape<Exchange> tape) {
        this.tape = tape;
    }

    /** A cassette to record into: the file is created, or appended to when a session resumes. */
    public static Cassette forRecording(Path file) {
        return new Cassette(JsonLinesTape.forRecording(file, "", JSON));
    }

    /**
     * A recorded cassette to replay.
     *
     * @throws IllegalArgumentException when the file is missing or a line is not an exchange (naming the line)
     */
    public static Cassette load(Path file) {
        return new Cassette(JsonLinesTape.load(file, "", "run the session with --record first", JSON, Exchange.class,
                Exchange::key));
    }

    public Path file() {
        return tape.file();
    }

    public static String key(LlmClient.Request request) {
        try {
            return JsonLinesTape.sha256(JSON.writeValueAsBytes(request));
        } catch (IOException e) {
            throw new IllegalStateException("cannot key a model request", e);
        }
    }

    void append(Exchange exchange) {
        tape.append(exchange);
    }

    /**
     * The next recorded exchange for this request: answers to the same request come back in recorded order, and
     * the last one again once they are used up (a re-run may ask a cached question once more).
     */
    Exchange next(LlmClient.Request request) {
        return tape.next(key(request));
    }

    /** Tags recorded, for a message when a request was never seen. */
    List<String> tagsLike(String tag) {
        String prefix = tag.contains("/") ? tag.substring(0, tag.indexOf('/') + 1) : tag;
        return tape.lastOfEachKey().stream().map(Exchange::tag).filter(t -> t.startsWith(prefix)).sorted().limit(3)
                .toList();
    }
}
