package io.alp.sim.world;

import java.util.List;

/**
 * A model the agent can be routed to: dollars per million input/output tokens and a skill (a logit) per task
 * category, indexed like {@link WorldDefinition#categories()}.
 */
public record Model(String name, double priceInPerMtok, double priceOutPerMtok, List<Double> skill) {
    public Model {
        skill = List.copyOf(skill);
    }

    public double costUsd(long inputTokens, long outputTokens) {
        return (inputTokens * priceInPerMtok + outputTokens * priceOutPerMtok) / 1_000_000.0;
    }
}
