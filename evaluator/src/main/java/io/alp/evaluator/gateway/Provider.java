package io.alp.evaluator.gateway;

import io.alp.evaluator.llm.KeyRedaction;
import io.alp.evaluator.llm.Protocol;
import io.alp.evaluator.llm.ProviderSpec;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** One upstream provider with its real key, which it keeps out of everything the candidate sees; never printed. */
final class Provider {

    final ProviderSpec spec;
    final String key;
    private final KeyRedaction redaction;
    final String url;

    Provider(ProviderSpec spec, String key) {
        this.spec = spec;
        this.key = key;
        this.redaction = new KeyRedaction(key);
        String base = spec.baseUrl().replaceAll("/+$", "");
        this.url = spec.protocol() == Protocol.OPENAI ? base + "/chat/completions"
                : base.endsWith("/v1") ? base + "/messages" : base + "/v1/messages";
    }

    /**
     * The providers by name, each with its key read from {@code env}.
     *
     * @throws IllegalArgumentException when a provider's key variable is unset, or provider names repeat
     */
    static Map<String, Provider> byName(List<ProviderSpec> specs, Function<String, String> env) {
        return byName(specs, env, true);
    }

    /**
     * @param withKeys false for providers that are never called (a replay): no key is read, none is needed
     */
    static Map<String, Provider> byName(List<ProviderSpec> specs, Function<String, String> env, boolean withKeys) {
        Map<String, Provider> byName = new HashMap<>();
        for (ProviderSpec spec : specs) {
            String key = null;
            if (withKeys && spec.apiKeyEnv() != null) {
                key = env.apply(spec.apiKeyEnv());
                if (key == null || key.isBlank()) {
                    throw new IllegalArgumentException("the environment variable " + spec.apiKeyEnv()
                            + " holding the key of provider '" + spec.name() + "' is not set");
                }
                key = key.trim();
            }
            if (byName.put(spec.name(), new Provider(spec, key)) != null) {
                throw new IllegalArgumentException("provider '" + spec.name() + "' is configured twice");
            }
        }
        return Map.copyOf(byName);
    }

    String name() {
        return spec.name();
    }

    Protocol protocol() {
        return spec.protocol();
    }

    boolean leaksKey(String text) {
        return redaction.foundIn(text);
    }

    /** Replaces any copy of the real key the provider might echo. */
    byte[] scrub(byte[] body) {
        if (key == null || key.isEmpty()) {
            return body;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        return redaction.foundIn(text) ? redaction.redact(text).getBytes(StandardCharsets.UTF_8) : body;
    }

    @Override
    public String toString() {
        return "Provider[" + spec.name() + "]";
    }
}
