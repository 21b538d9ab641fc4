package io.alp.sim.world;

import java.util.List;

/**
 * A penalty on the pass logit when every one of {@code when} holds (a clause or tool switched on, a scaffold or
 * memory policy selected): two knobs that conflict, or one knob that hurts some categories. It applies to the
 * categories named in {@code categories} (every category when empty), and only while such a category is routed
 * to one of {@code models} (any model when empty). The simulated judge never names an interaction: a search finds
 * it only by measuring.
 */
public record Interaction(String name, List<Condition> when, double penalty, List<String> categories,
                          List<String> models) {
    public Interaction {
        when = List.copyOf(when);
        categories = List.copyOf(categories);
        models = List.copyOf(models);
    }

    /** One knob value that must be on (clause, tool) or selected (scaffold, memory). */
    public record Condition(KnobKind kind, String value) {
    }
}
