package io.alp.engine.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alp.engine.port.LlmClient;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Asks a model for a JSON answer and reads it with a parser. A reply that is not valid JSON, or that the parser
 * rejects, gets exactly one repair attempt: the model sees its reply and the error, and answers again. A second
 * failure completes with a {@link MalformedReplyException} that carries what both calls cost.
 */
public final class JsonReplies {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonReplies() {
    }

    /** A parsed answer and the cost of every call it took. */
    public record Parsed<T>(T value, double costUsd, int calls) {
    }

    /**
     * @param parse turns the reply's JSON into a value, throwing {@link IllegalArgumentException} with a message
     *              the model can act on when the content is wrong
     */
    public static <T> CompletionStage<Parsed<T>> ask(MeteredLlm llm, LlmClient.Request request,
                                                     Function<JsonNode, T> parse) {
        return llm.call(request).thenCompose(first -> {
            try {
                return CompletableFuture.completedFuture(new Parsed<>(parse.apply(read(first.text())),
                        first.costUsd(), 1));
            } catch (IllegalArgumentException problem) {
                List<LlmClient.Message> messages = new ArrayList<>(request.messages());
                messages.add(LlmClient.Message.assistant(first.text()));
                messages.add(LlmClient.Message.user("Your reply could not be used: " + problem.getMessage()
                        + "\nAnswer again with only the corrected JSON, no prose and no code fence."));
                LlmClient.Request repair = new LlmClient.Request(request.model(), request.system(), messages,
                        request.maxTokens(), request.temperature(), request.tag() + "/repair");
                return llm.call(repair).thenApply(second -> {
                    double cost = first.costUsd() + second.costUsd();
                    try {
                        return new Parsed<>(parse.apply(read(second.text())), cost, 2);
                    } catch (IllegalArgumentException again) {
                        throw new MalformedReplyException("model " + request.model() + " answered with unusable "
                                + "JSON twice (" + problem.getMessage() + "; after repair: " + again.getMessage()
                                + ")", cost);
                    }
                });
            }
        });
    }

    /**
     * The JSON value in a reply: the whole text, or the body of a {@code ```json} fence, or the outermost object or
     * array in surrounding prose.
     *
     * @throws IllegalArgumentException naming the parse error when there is none
     */
    public static JsonNode read(String text) {
        String body = text == null ? "" : text.strip();
        int fence = body.indexOf("```");
        if (fence >= 0) {
            int start = body.indexOf('\n', fence);
            int end = start < 0 ? -1 : body.indexOf("```", start);
            if (end > start) {
                body = body.substring(start + 1, end).strip();
            }
        }
        if (body.isEmpty()) {
            throw new IllegalArgumentException("the reply was empty, expected JSON");
        }
        try {
            return JSON.readTree(body);
        } catch (Exception whole) {
            int open = firstOf(body, '{', '[');
            char close = open >= 0 && body.charAt(open) == '[' ? ']' : '}';
            int last = body.lastIndexOf(close);
            if (open >= 0 && last > open) {
                try {
                    return JSON.readTree(body.substring(open, last + 1));
                } catch (Exception ignored) {
                    // fall through to the error about the whole reply
                }
            }
            String message = whole.getMessage() == null ? "" : whole.getMessage().lines().findFirst().orElse("");
            throw new IllegalArgumentException("the reply is not valid JSON: " + message);
        }
    }

    private static int firstOf(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }
}
