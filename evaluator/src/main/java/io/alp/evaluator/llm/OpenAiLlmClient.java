package io.alp.evaluator.llm;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.completions.CompletionUsage;

import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A provider speaking OpenAI chat completions (OpenAI, vLLM, Ollama, LiteLLM, OpenRouter, ...) through the official
 * SDK. Usage is taken as the provider reports it: {@code prompt_tokens} already includes the cached tokens.
 */
public final class OpenAiLlmClient extends ProviderClient {

    private final OpenAIClient client;
    private final boolean officialApi;

    /** @param env reads environment variables ({@code System::getenv} in production) */
    public OpenAiLlmClient(ProviderSpec spec, Function<String, String> env) {
        this(spec, env, ClientTuning.DEFAULT);
    }

    public OpenAiLlmClient(ProviderSpec spec, Function<String, String> env, ClientTuning tuning) {
        super(requireProtocol(spec), env, tuning);
        this.client = OpenAIOkHttpClient.builder()
                .baseUrl(spec.baseUrl())
                .apiKey(apiKey())
                .maxRetries(0)
                .timeout(spec.timeout())
                .build();
        this.officialApi = "api.openai.com".equalsIgnoreCase(host(spec.baseUrl()));
    }

    @Override
    protected CompletableFuture<Response> send(Request request, String providerModel) {
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder()
                .model(providerModel)
                .temperature(request.temperature());
        // OpenAI itself wants max_completion_tokens (its reasoning models refuse max_tokens); compatible servers
        // have understood max_tokens far longer
        if (request.maxTokens() > 0) {
            if (officialApi) {
                params.maxCompletionTokens(request.maxTokens());
            } else {
                params.maxTokens(request.maxTokens());
            }
        }
        if (request.system() != null && !request.system().isEmpty()) {
            params.addSystemMessage(request.system());
        }
        for (Message m : request.messages()) {
            switch (m.role()) {
                case "assistant" -> params.addAssistantMessage(m.content());
                case "system" -> params.addSystemMessage(m.content());
                default -> params.addUserMessage(m.content());
            }
        }
        return client.async().chat().completions().create(params.build())
                .thenApply(completion -> toResponse(completion, providerModel));
    }

    private Response toResponse(ChatCompletion completion, String providerModel) {
        String text = completion.choices().isEmpty() ? ""
                : completion.choices().get(0).message().content().orElse("");
        Usage usage = completion.usage().map(OpenAiLlmClient::usage).orElse(Usage.NONE);
        String model;
        try {
            model = completion.model();
        } catch (RuntimeException missing) {
            model = null;
        }
        return new Response(reportedModel(model, providerModel), text, usage);
    }

    static Usage usage(CompletionUsage u) {
        long cached = u.promptTokensDetails().flatMap(CompletionUsage.PromptTokensDetails::cachedTokens).orElse(0L);
        return ProviderUsage.openAi(u.promptTokens(), u.completionTokens(), cached);
    }

    @Override
    protected Optional<Failure> serviceFailure(Throwable error) {
        if (error instanceof OpenAIServiceException e) {
            return Optional.of(new Failure(e.statusCode(), errorMessage(e), name -> e.headers().values(name)));
        }
        return Optional.empty();
    }

    private static String errorMessage(OpenAIServiceException e) {
        try {
            JsonNode body = e.body().convert(JsonNode.class);
            if (body != null) {
                JsonNode error = body.path("error");
                JsonNode message = error.isObject() ? error.path("message") : error;
                if (message.isTextual()) {
                    return message.asText();
                }
                if (!body.isMissingNode() && !body.isNull()) {
                    return body.toString();
                }
            }
        } catch (RuntimeException unreadable) {
            // fall back to the SDK's text
        }
        return e.getMessage();
    }

    @Override
    public void close() {
        client.close();
    }

    private static ProviderSpec requireProtocol(ProviderSpec spec) {
        if (spec.protocol() != Protocol.OPENAI) {
            throw new IllegalArgumentException("provider " + spec.name() + " speaks " + spec.protocol()
                    + ", not OPENAI");
        }
        return spec;
    }

    private static String host(String url) {
        try {
            String h = URI.create(url).getHost();
            return h == null ? "" : h;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
