package io.alp.engine.port;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** A chat-completion call to a model named {@code provider/model}. */
public interface LlmClient {

    CompletionStage<Response> complete(Request request);

    record Message(String role, String content) {
    }

    record Request(String model, String system, List<Message> messages, int maxTokens, double temperature) {
        public Request {
            messages = List.copyOf(messages);
        }
    }

    /** Token counts as the provider reported them; {@code cachedInputTokens} is a subset of {@code inputTokens}. */
    record Usage(long inputTokens, long outputTokens, long cachedInputTokens) {
    }

    record Response(String model, String text, Usage usage) {
    }
}
