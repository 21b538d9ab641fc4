package io.alp.engine.port;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A chat-completion call to a model named {@code provider/model}. A failed call completes exceptionally with an
 * {@link LlmCallException}.
 */
public interface LlmClient {

    CompletionStage<Response> complete(Request request);

    record Message(String role, String content) {
        public static Message user(String content) {
            return new Message("user", content);
        }

        public static Message assistant(String content) {
            return new Message("assistant", content);
        }
    }

    /**
     * @param tag what the call is for, stable across re-runs of a session (e.g. {@code judge/case-7/0}): keys a
     *            recorded exchange together with the request's content, never sent to the provider
     */
    record Request(String model, String system, List<Message> messages, int maxTokens, double temperature,
                   String tag) {
        public Request {
            messages = List.copyOf(messages);
            tag = tag == null ? "" : tag;
        }
    }

    /**
     * Token counts normalized across providers: {@code inputTokens} counts every prompt token, including those read
     * from or written to a prompt cache; {@code cacheReadTokens} and {@code cacheWriteTokens} are subsets of it.
     * (OpenAI's {@code cached_tokens} already sit inside {@code prompt_tokens}; Anthropic's cache counts are
     * disjoint from its {@code input_tokens} and are added in.)
     */
    record Usage(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens) {
        public static final Usage NONE = new Usage(0, 0, 0, 0);

        public Usage {
            if (inputTokens < 0 || outputTokens < 0 || cacheReadTokens < 0 || cacheWriteTokens < 0
                    || cacheReadTokens + cacheWriteTokens > inputTokens) {
                throw new IllegalArgumentException("inconsistent token usage: input " + inputTokens + ", output "
                        + outputTokens + ", cache read " + cacheReadTokens + ", cache write " + cacheWriteTokens);
            }
        }

        public Usage plus(Usage other) {
            return new Usage(inputTokens + other.inputTokens, outputTokens + other.outputTokens,
                    cacheReadTokens + other.cacheReadTokens, cacheWriteTokens + other.cacheWriteTokens);
        }
    }

    /** @param model the {@code provider/model} that answered */
    record Response(String model, String text, Usage usage) {
    }
}
