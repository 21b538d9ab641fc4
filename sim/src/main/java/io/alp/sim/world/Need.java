package io.alp.sim.world;

import java.util.List;

/**
 * Something that helps a task category: met when the agent's knob of {@code kind} has one of {@code values}
 * switched on or selected, it adds {@code bonus} to the pass logit. When unmet, the judge names its symptom and
 * the first of its values as the remedy.
 */
public record Need(String name, String symptom, KnobKind kind, List<String> values, double bonus) {
    public Need {
        values = List.copyOf(values);
    }

    public String remedyValue() {
        return values.get(0);
    }
}
