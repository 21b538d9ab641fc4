package io.alp.sim.world;

import io.alp.engine.config.YamlMap;
import io.alp.engine.config.YamlNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Reads the baseline against the already-read knobs, categories and models. */
record BaselineReader(WorldDefinition world) {

    AgentSpec read(YamlNode node) {
        YamlMap fields = node.asMap().allowOnly("clauses", "tools", "scaffold", "memory", "route");
        int clauses = mask(fields.optional("clauses"), KnobKind.CLAUSE);
        int tools = mask(fields.optional("tools"), KnobKind.TOOL);
        int scaffold = index(fields.required("scaffold"), KnobKind.SCAFFOLD);
        int memory = index(fields.required("memory"), KnobKind.MEMORY);
        return new AgentSpec(new Harness(clauses, tools, scaffold, memory), route(fields.required("route")));
    }

    private int mask(Optional<YamlNode> node, KnobKind kind) {
        int mask = 0;
        if (node.isPresent()) {
            for (YamlNode item : node.get().asList()) {
                mask |= 1 << index(item, kind);
            }
        }
        return mask;
    }

    private int index(YamlNode node, KnobKind kind) {
        String name = node.asName();
        OptionalInt index = world.valueIndex(kind, name);
        if (index.isEmpty()) {
            String what = kind == KnobKind.ROUTE ? "routes to undeclared model" : "unknown " + kind.word();
            throw node.error(what + " \"" + name + "\"; declared: " + String.join(", ", world.valueNames(kind)));
        }
        return index.getAsInt();
    }

    /** A single model name routes every category to it; a mapping names a model per category. */
    private List<Integer> route(YamlNode node) {
        List<Integer> route = new ArrayList<>();
        if (node.isScalar()) {
            int model = index(node, KnobKind.ROUTE);
            world.categories().forEach(c -> route.add(model));
            return route;
        }
        YamlMap perCategory = node.asMap().allowOnly(world.categoryNames().toArray(String[]::new));
        for (String category : world.categoryNames()) {
            route.add(index(perCategory.required(category), KnobKind.ROUTE));
        }
        return route;
    }
}
