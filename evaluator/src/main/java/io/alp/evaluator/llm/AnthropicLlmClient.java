package io.alp.evaluator.llm;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.TextBlock;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A provider speaking Anthropic messages through the official SDK. Anthropic reports cache reads and writes apart
 * from {@code input_tokens}; they are added in so that {@link Usage#inputTokens()} counts every prompt token.
 */
public final class AnthropicLlmClient extends ProviderClient {

    /** Anthropic requires max_tokens; used when a request leaves it at 0. */
    static final int DEFAULT_MAX_TOKENS = 4096;

    private final AnthropicClient client;

    /** @param env reads environment variables ({@code System::getenv} in production) */
    public AnthropicLlmClient(ProviderSpec spec, Function<String, String> env) {
        this(spec, env, ClientTuning.DEFAULT);
    }

    public AnthropicLlmClient(ProviderSpec spec, Function<String, String> env, ClientTuning tuning) {
        super(requireProtocol(spec), env, tuning);
        this.client = AnthropicOkHttpClient.builder()
                .baseUrl(spec.baseUrl())
                .apiKey(apiKey())
                // an API key travels as X-Api-Key; without the explicit header this SDK sends it as a bearer token
                .putHeader("X-Api-Key", apiKey())
                .maxRetries(0)
                .timeout(spec.timeout())
                .build();
    }

    @Override
    protected CompletableFuture<Response> send(Request request, String providerModel) {
        MessageCreateParams.Builder params = MessageCreateParams.builder()
                .model(providerModel)
                .maxTokens(request.maxTokens() > 0 ? request.maxTokens() : DEFAULT_MAX_TOKENS)
                .putAdditionalBodyProperty("temperature", JsonValue.from(request.temperature()));
        StringBuilder system = new StringBuilder(request.system() == null ? "" : request.system());
        for (Message m : request.messages()) {
            switch (m.role()) {
                case "assistant" -> params.addAssistantMessage(m.content());
                case "system" -> system.append(system.isEmpty() ? "" : "\n\n").append(m.content());
                default -> params.addUserMessage(m.content());
            }
        }
        if (!system.isEmpty()) {
            params.system(system.toString());
        }
        return client.async().messages().create(params.build())
                .thenApply(message -> toResponse(message, providerModel));
    }

    private Response toResponse(com.anthropic.models.messages.Message message, String providerModel) {
        String text = message.content().stream().map(ContentBlock::text).flatMap(Optional::stream)
                .map(TextBlock::text).collect(Collectors.joining());
        String model;
        try {
            model = message.model().asString();
        } catch (RuntimeException missing) {
            model = null;
        }
        return new Response(reportedModel(model, providerModel), text, usage(message.usage()));
    }

    static Usage usage(com.anthropic.models.messages.Usage u) {
        return ProviderUsage.anthropic(u.inputTokens(), u.outputTokens(), u.cacheReadInputTokens().orElse(0L),
                u.cacheCreationInputTokens().orElse(0L));
    }

    @Override
    protected Optional<Failure> serviceFailure(Throwable error) {
        if (error instanceof AnthropicServiceException e) {
            String message;
            try {
                message = e.apiMessage().orElseGet(e::getMessage);
            } catch (RuntimeException unreadable) {
                message = e.getMessage();
            }
            return Optional.of(new Failure(e.statusCode(), message, name -> e.headers().values(name)));
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        client.close();
    }

    private static ProviderSpec requireProtocol(ProviderSpec spec) {
        if (spec.protocol() != Protocol.ANTHROPIC) {
            throw new IllegalArgumentException("provider " + spec.name() + " speaks " + spec.protocol()
                    + ", not ANTHROPIC");
        }
        return spec;
    }
}
