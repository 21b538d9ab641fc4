package io.alp.evaluator.gateway;

import io.alp.evaluator.llm.Protocol;

import java.util.Map;

/** Decides which provider and model a run's model name goes to. */
final class ModelResolver {

    /** A provider and the model name it knows. */
    record Route(Provider provider, String model) {
        /** The name prices and usage are kept under. */
        String priced() {
            return provider.name() + "/" + model;
        }
    }

    /** Where a model name goes, or why it goes nowhere: exactly one of the two is set. */
    record Resolution(Route route, String problem) {
        static Resolution to(Provider provider, String model) {
            return new Resolution(new Route(provider, model), null);
        }

        static Resolution refused(String problem) {
            return new Resolution(null, problem);
        }
    }

    private final Map<String, Provider> providers;

    ModelResolver(Map<String, Provider> providers) {
        this.providers = providers;
    }

    /**
     * @throws IllegalArgumentException when the default provider a scope names is unknown or speaks the other
     *                                  protocol
     */
    void checkDefaults(RunScope scope) {
        checkDefault(scope.defaultOpenAiProvider(), Protocol.OPENAI);
        checkDefault(scope.defaultAnthropicProvider(), Protocol.ANTHROPIC);
    }

    private void checkDefault(String name, Protocol protocol) {
        if (name == null) {
            return;
        }
        Provider provider = providers.get(name);
        if (provider == null || provider.protocol() != protocol) {
            throw new IllegalArgumentException("default " + protocol + " provider '" + name
                    + "' is not a configured provider of that protocol (have " + providers.keySet() + ")");
        }
    }

    /**
     * The run's model map is applied first; then a {@code provider/} prefix naming a known provider picks it, and
     * anything else goes to the run's default provider of the protocol, or to the only provider speaking it.
     */
    Resolution resolve(Protocol protocol, RunScope scope, String asked) {
        String target = scope.modelMap().getOrDefault(asked, asked);
        String via = target.equals(asked) ? "" : " (mapped from '" + asked + "' for this run)";
        int slash = target.indexOf('/');
        if (slash > 0) {
            Provider named = providers.get(target.substring(0, slash));
            if (named != null) {
                if (named.protocol() != protocol) {
                    return Resolution.refused("model '" + target + "'" + via + " belongs to provider '"
                            + named.name() + "', which speaks " + named.protocol()
                            + ", but it was asked for through the " + protocol + " route");
                }
                String model = target.substring(slash + 1);
                if (model.isBlank()) {
                    return Resolution.refused("model '" + target + "' names no model after the provider");
                }
                return Resolution.to(named, model);
            }
        }
        String defaultName = protocol == Protocol.OPENAI ? scope.defaultOpenAiProvider()
                : scope.defaultAnthropicProvider();
        Provider fallback = defaultName == null ? onlyProviderOf(protocol) : providers.get(defaultName);
        if (fallback == null) {
            return Resolution.refused("model '" + target + "'" + via + " names no known provider and this run has "
                    + "no default " + protocol + " provider; use provider/model with one of " + providers.keySet());
        }
        return Resolution.to(fallback, target);
    }

    private Provider onlyProviderOf(Protocol protocol) {
        Provider only = null;
        for (Provider provider : providers.values()) {
            if (provider.protocol() == protocol) {
                if (only != null) {
                    return null;
                }
                only = provider;
            }
        }
        return only;
    }
}
