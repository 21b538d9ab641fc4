package io.alp.sim.world;

import java.util.List;
import java.util.Map;

/**
 * Something that helps a task category: met when the agent's knob of {@code kind} has one of {@code values}
 * switched on or selected, it adds {@code bonus} to the pass logit, or, when the category is routed to a model
 * named in {@code modelBonus}, that model's own bonus (which may be negative: the change then hurts that model).
 * When unmet, the judge names its symptom and the first of its values as the remedy.
 */
public record Need(String name, String symptom, KnobKind kind, List<String> values, double bonus,
                   Map<String, Double> modelBonus) {
    public Need {
        values = List.copyOf(values);
        modelBonus = Map.copyOf(modelBonus);
    }

    public Need(String name, String symptom, KnobKind kind, List<String> values, double bonus) {
        this(name, symptom, kind, values, bonus, Map.of());
    }

    public String remedyValue() {
        return values.get(0);
    }

    /** The bonus when the category is routed to {@code model}. */
    public double bonusFor(String model) {
        return modelBonus.getOrDefault(model, bonus);
    }
}
