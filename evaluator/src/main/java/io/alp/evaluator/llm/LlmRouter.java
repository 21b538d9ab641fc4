package io.alp.evaluator.llm;

import io.alp.engine.port.LlmCallException;
import io.alp.engine.port.LlmClient;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Routes {@code provider/model} to the client of that provider: one client per configured provider, built for
 * its protocol, each with its own limits.
 */
public final class LlmRouter implements LlmClient, AutoCloseable {

    private final Map<String, LlmClient> clients;
    private final List<String> names;

    /** @param env reads environment variables ({@code System::getenv} in production) */
    public LlmRouter(List<ProviderSpec> providers, Function<String, String> env) {
        this(providers, env, ClientTuning.DEFAULT);
    }

    /**
     * @throws IllegalArgumentException on two providers with one name, or a provider whose key variable is unset
     */
    public LlmRouter(List<ProviderSpec> providers, Function<String, String> env, ClientTuning tuning) {
        Map<String, LlmClient> built = new LinkedHashMap<>();
        try {
            for (ProviderSpec spec : providers) {
                if (built.containsKey(spec.name())) {
                    throw new IllegalArgumentException("provider " + spec.name() + " is configured twice");
                }
                built.put(spec.name(), switch (spec.protocol()) {
                    case OPENAI -> new OpenAiLlmClient(spec, env, tuning);
                    case ANTHROPIC -> new AnthropicLlmClient(spec, env, tuning);
                });
            }
        } catch (RuntimeException e) {
            built.values().forEach(LlmRouter::closeQuietly);
            throw e;
        }
        this.clients = Map.copyOf(built);
        this.names = List.copyOf(built.keySet());
    }

    /** The configured provider names, in configuration order. */
    public List<String> providers() {
        return names;
    }

    /**
     * Checks a model name at configuration time.
     *
     * @throws IllegalArgumentException when the model has no {@code provider/} prefix or names no configured
     *                                  provider; the message lists the known providers
     */
    public void requireKnown(String model) {
        route(model);
    }

    /** The client for a configured provider. */
    public LlmClient client(String provider) {
        LlmClient c = clients.get(provider);
        if (c == null) {
            throw new IllegalArgumentException("unknown provider '" + provider + "'; known providers: " + names);
        }
        return c;
    }

    @Override
    public CompletionStage<Response> complete(Request request) {
        LlmClient client;
        try {
            client = route(request.model());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new LlmCallException(e.getMessage(), false));
        }
        return client.complete(request);
    }

    private LlmClient route(String model) {
        int slash = model == null ? -1 : model.indexOf('/');
        if (slash <= 0 || slash == model.length() - 1) {
            throw new IllegalArgumentException("model '" + model + "' must be written provider/model; known "
                    + "providers: " + names);
        }
        LlmClient c = clients.get(model.substring(0, slash));
        if (c == null) {
            throw new IllegalArgumentException("model '" + model + "' names unknown provider '"
                    + model.substring(0, slash) + "'; known providers: " + names);
        }
        return c;
    }

    @Override
    public void close() {
        clients.values().forEach(LlmRouter::closeQuietly);
    }

    private static void closeQuietly(LlmClient client) {
        if (client instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing the HTTP clients cannot usefully fail
            }
        }
    }
}
