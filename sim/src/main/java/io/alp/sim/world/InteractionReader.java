package io.alp.sim.world;

import io.alp.engine.config.YamlMap;
import io.alp.engine.config.YamlNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads a world's {@code interactions:} list, checking that every knob, category and model it names is declared. */
final class InteractionReader {

    private final KnobCatalog catalog;
    private final List<String> categoryNames;
    private final List<String> modelNames;

    InteractionReader(KnobCatalog catalog, List<Category> categories, List<String> modelNames) {
        this.catalog = catalog;
        this.categoryNames = categories.stream().map(Category::name).toList();
        this.modelNames = modelNames;
    }

    List<Interaction> read(YamlNode node) {
        List<Interaction> interactions = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (YamlNode item : node.asList()) {
            YamlMap fields = item.asMap().allowOnly("name", "when", "penalty", "categories", "models");
            String name = WorldParser.unique(fields.required("name"), seen);
            List<Interaction.Condition> when = new ArrayList<>();
            for (YamlNode condition : WorldParser.nonEmptyList(fields.required("when"))) {
                when.add(condition(condition));
            }
            interactions.add(new Interaction(name, when, fields.required("penalty").asPositive(),
                    declared(fields, "categories", "category", categoryNames),
                    declared(fields, "models", "model", modelNames)));
        }
        return interactions;
    }

    /** {@code {clause: name}}, {@code {tool: name}}, {@code {scaffold: name}} or {@code {memory: name}}. */
    private Interaction.Condition condition(YamlNode node) {
        YamlMap map = node.asMap().allowOnly("clause", "tool", "scaffold", "memory");
        if (map.names().size() != 1) {
            throw node.error("expected one knob and its value, such as {clause: name}, got " + map.names().size()
                    + " fields");
        }
        String word = map.names().iterator().next();
        KnobKind kind = KnobKind.fromWord(word).orElseThrow();
        YamlNode value = map.required(word);
        catalog.requireDeclared(kind, value.asName(), value);
        return new Interaction.Condition(kind, value.asName());
    }

    private static List<String> declared(YamlMap fields, String field, String what, List<String> known) {
        if (fields.optional(field).isEmpty()) {
            return List.of();
        }
        YamlNode node = fields.required(field);
        List<String> names = new ArrayList<>();
        for (YamlNode item : node.isScalar() ? List.of(node) : node.asList()) {
            String name = item.asName();
            if (!known.contains(name)) {
                throw item.error("unknown " + what + " \"" + name
                        + "\"; declared: " + String.join(", ", known));
            }
            names.add(name);
        }
        return names;
    }
}
