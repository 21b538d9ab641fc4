package io.alp.evaluator.testkit;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import io.alp.evaluator.testkit.ScriptedLlmServer.Reply;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScriptedLlmServerTest {

    static final String TEXT = "A streamed answer that spans several chunks of sixteen characters.";

    @Test
    void openAiStreamingReadsThroughTheOfficialSdk() {
        try (var server = ScriptedLlmServer.start(call -> Reply.text(TEXT, 300, 20, 100))) {
            OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(server.openAiBaseUrl()).apiKey("k")
                    .maxRetries(0).build();
            StringBuilder text = new StringBuilder();
            AtomicLong prompt = new AtomicLong(-1);
            AtomicLong cached = new AtomicLong(-1);
            try (var stream = client.chat().completions().createStreaming(ChatCompletionCreateParams.builder()
                    .model("gpt-4o-mini").addUserMessage("hi")
                    .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
                stream.stream().forEach((ChatCompletionChunk chunk) -> {
                    chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append));
                    chunk.usage().ifPresent(u -> {
                        prompt.set(u.promptTokens());
                        cached.set(u.promptTokensDetails().flatMap(d -> d.cachedTokens()).orElse(-1L));
                    });
                });
            }
            client.close();
            assertEquals(TEXT, text.toString());
            assertEquals(300, prompt.get());
            assertEquals(100, cached.get());
            assertTrue(server.calls().get(0).stream());
        }
    }

    @Test
    void anthropicStreamingReadsThroughTheOfficialSdk() {
        try (var server = ScriptedLlmServer.start(call -> Reply.text(TEXT, 300, 20, 100))) {
            AnthropicClient client = AnthropicOkHttpClient.builder().baseUrl(server.anthropicBaseUrl()).apiKey("k")
                    .maxRetries(0).build();
            StringBuilder text = new StringBuilder();
            AtomicLong input = new AtomicLong(-1);
            AtomicLong output = new AtomicLong(-1);
            AtomicReference<String> stop = new AtomicReference<>();
            try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(
                    MessageCreateParams.builder().model("claude-haiku-4-5").maxTokens(100).addUserMessage("hi")
                            .build())) {
                stream.stream().forEach(event -> {
                    event.messageStart().ifPresent(s -> input.set(s.message().usage().inputTokens()));
                    event.contentBlockDelta().ifPresent(d -> d.delta().text().ifPresent(t -> text.append(t.text())));
                    event.messageDelta().ifPresent(d -> {
                        output.set(d.usage().outputTokens());
                        d.delta().stopReason().ifPresent(r -> stop.set(r.asString()));
                    });
                });
            }
            client.close();
            assertEquals(TEXT, text.toString());
            assertEquals(200, input.get());
            assertEquals(20, output.get());
            assertEquals("end_turn", stop.get());
        }
    }

    @Test
    void unknownPathsAnswer404() throws Exception {
        try (var server = ScriptedLlmServer.start(call -> Reply.text("x"))) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(server.openAiBaseUrl() + "/models")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, r.statusCode());
            assertTrue(server.calls().isEmpty());
        }
    }
}
