package io.alp.sim.agent;

import io.alp.engine.model.Edit;
import io.alp.sim.world.AgentSpec;
import io.alp.sim.world.Harness;
import io.alp.sim.world.KnobKind;
import io.alp.sim.world.WorldDefinition;

import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A change to exactly one knob, as carried by an {@link Edit}'s payload {@code {"knob": ..., "value": ...}}:
 * {@code clause:NAME} or {@code tool:NAME} with {@code on|off}, {@code scaffold} or {@code memory} with a policy
 * name, {@code route:CATEGORY} with a model name.
 *
 * @param target the clause, tool or category name; empty for scaffold and memory
 */
public record KnobChange(KnobKind kind, String target, String value) {

    public static final String ON = "on";
    public static final String OFF = "off";

    public static KnobChange toggle(KnobKind kind, String name, boolean on) {
        return new KnobChange(kind, name, on ? ON : OFF);
    }

    public static KnobChange select(KnobKind kind, String value) {
        return new KnobChange(kind, "", value);
    }

    public static KnobChange route(String category, String model) {
        return new KnobChange(KnobKind.ROUTE, category, model);
    }

    /** The payload's {@code knob} text. */
    public String knob() {
        return target.isEmpty() ? kind.word() : kind.word() + ":" + target;
    }

    public Edit toEdit(String description) {
        return Edit.of(kind.editClass(), description, Map.of("knob", knob(), "value", value));
    }

    /** @throws IllegalArgumentException naming the knob when the payload does not fit this world */
    public static KnobChange fromEdit(Edit edit, WorldDefinition world) {
        Map<String, String> payload = edit.payload();
        String knob = payload.get("knob");
        if (knob == null || !payload.containsKey("value") || !Set.of("knob", "value").containsAll(payload.keySet())) {
            throw new IllegalArgumentException("edit payload must be exactly {knob, value}, got " + payload
                    + (knob == null ? "" : " (knob `" + knob + "`)"));
        }
        String value = payload.get("value");
        int colon = knob.indexOf(':');
        String word = colon < 0 ? knob : knob.substring(0, colon);
        String target = colon < 0 ? "" : knob.substring(colon + 1);
        KnobKind kind = KnobKind.fromWord(word).orElseThrow(() -> problem(knob,
                "no such knob; knobs are clause:NAME, tool:NAME, scaffold, memory, route:CATEGORY"));
        if (edit.editClass() != kind.editClass()) {
            throw problem(knob, "edit class " + edit.editClass() + " does not change it (expected "
                    + kind.editClass() + ")");
        }
        KnobChange change = new KnobChange(kind, target, value);
        change.validate(world);
        return change;
    }

    private void validate(WorldDefinition world) {
        switch (kind) {
            case CLAUSE, TOOL -> {
                requireDeclared(world, kind, target);
                if (!value.equals(ON) && !value.equals(OFF)) {
                    throw problem(knob(), "value must be on or off, got \"" + value + "\"");
                }
            }
            case SCAFFOLD, MEMORY -> {
                if (!target.isEmpty()) {
                    throw problem(knob(), "takes no name after the colon; use `" + kind.word() + "`");
                }
                requireDeclared(world, kind, value);
            }
            case ROUTE -> {
                if (world.categoryIndex(target).isEmpty()) {
                    throw problem(knob(), "no such category; declared: " + String.join(", ", world.categoryNames()));
                }
                requireDeclared(world, kind, value);
            }
        }
    }

    private static void requireDeclared(WorldDefinition world, KnobKind kind, String name) {
        if (world.valueIndex(kind, name).isEmpty()) {
            String knob = kind.isToggle() ? kind.word() + ":" + name : kind.word();
            String what = kind == KnobKind.ROUTE ? "model" : kind.word();
            throw problem(knob, "no such " + what + " \"" + name + "\"; declared: "
                    + String.join(", ", world.valueNames(kind)));
        }
    }

    /** The spec with this knob set; assumes the change was validated against the same world. */
    public AgentSpec applyTo(AgentSpec spec, WorldDefinition world) {
        Harness h = spec.harness();
        return switch (kind) {
            case CLAUSE -> spec.withHarness(h.withClause(index(world, kind, target), value.equals(ON)));
            case TOOL -> spec.withHarness(h.withTool(index(world, kind, target), value.equals(ON)));
            case SCAFFOLD -> spec.withHarness(h.withScaffold(index(world, kind, value)));
            case MEMORY -> spec.withHarness(h.withMemory(index(world, kind, value)));
            case ROUTE -> spec.withRoute(world.categoryIndex(target).getAsInt(), index(world, kind, value));
        };
    }

    private static int index(WorldDefinition world, KnobKind kind, String name) {
        OptionalInt index = world.valueIndex(kind, name);
        return index.orElseThrow(() -> problem(kind.word(), "no such value \"" + name + "\""));
    }

    private static IllegalArgumentException problem(String knob, String what) {
        return new IllegalArgumentException("[simulated] edit of knob `" + knob + "`: " + what);
    }
}
