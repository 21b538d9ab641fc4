package io.alp.sim.world;

import io.alp.engine.config.ConfigException;
import io.alp.engine.config.YamlMap;
import io.alp.engine.config.YamlNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a world's YAML into a {@link WorldDefinition}, checking every field and cross-reference, and reporting
 * the first problem with the world's name, the line and the field.
 */
public final class WorldParser {

    static final int MAX_TOGGLES = 16;
    static final double SHARE_TOLERANCE = 0.01;

    private final String world;

    private WorldParser(String world) {
        this.world = world;
    }

    /**
     * @param world how errors name the world: a file name such as {@code terminal.yaml} or a path
     * @throws WorldDefinitionException naming world, line and field of the first problem
     */
    public static WorldDefinition parse(String world, String yamlText) {
        try {
            return new WorldParser(world).read(YamlNode.root(world, yamlText == null ? "" : yamlText));
        } catch (WorldDefinitionException e) {
            throw e;
        } catch (ConfigException e) {
            throw new WorldDefinitionException(e);
        }
    }

    private WorldDefinition read(YamlNode rootNode) {
        YamlMap root = rootNode.asMap().allowOnly(
                "name", "description", "models", "categories", "knobs", "baseline", "judge", "proposer",
                "interactions");
        String name = root.optional("name").map(YamlNode::asName).orElseGet(this::nameFromWorld);
        String description = root.optional("description").map(YamlNode::asString).orElse("");

        YamlMap knobs = root.required("knobs").asMap().allowOnly("clauses", "tools", "scaffolds", "memory");
        List<TokenKnob> clauses = tokenKnobs(knobs.optional("clauses"), "clauses");
        List<TokenKnob> tools = tokenKnobs(knobs.optional("tools"), "tools");
        List<Scaffold> scaffolds = scaffolds(knobs.required("scaffolds"));
        List<MemoryPolicy> memories = memories(knobs.required("memory"));
        KnobCatalog catalog = new KnobCatalog(clauses, tools, scaffolds, memories);

        YamlNode modelsNode = root.required("models");
        List<String> modelNames = nonEmptyList(modelsNode).stream()
                .map(m -> m.asMap().required("name").asName()).toList();
        List<Category> categories = categories(root.required("categories"), catalog, modelNames);
        List<Model> models = models(modelsNode, categories);
        List<Interaction> interactions = root.optional("interactions")
                .map(n -> new InteractionReader(catalog, categories, modelNames).read(n)).orElse(List.of());
        WorldDefinition draft = new WorldDefinition(name, description, models, categories, clauses, tools, scaffolds,
                memories, null, null, null, interactions);
        AgentSpec baseline = new BaselineReader(draft).read(root.required("baseline"));
        return new WorldDefinition(name, description, models, categories, clauses, tools, scaffolds, memories,
                baseline, judge(root.optional("judge")), proposer(root.optional("proposer")), interactions);
    }

    private String nameFromWorld() {
        String file = world.replace('\\', '/');
        file = file.substring(file.lastIndexOf('/') + 1);
        return file.replaceFirst("\\.ya?ml$", "");
    }

    private List<TokenKnob> tokenKnobs(Optional<YamlNode> node, String kind) {
        List<TokenKnob> knobs = new ArrayList<>();
        if (node.isEmpty()) {
            return knobs;
        }
        List<YamlNode> items = node.get().asList();
        if (items.size() > MAX_TOGGLES) {
            throw node.get().error("at most " + MAX_TOGGLES + " " + kind + " are supported, got " + items.size());
        }
        Set<String> seen = new HashSet<>();
        for (YamlNode item : items) {
            YamlMap fields = item.asMap().allowOnly("name", "tokens");
            String name = unique(fields.required("name"), seen);
            knobs.add(new TokenKnob(name, (long) fields.required("tokens").asNonNegative()));
        }
        return knobs;
    }

    private List<Scaffold> scaffolds(YamlNode node) {
        List<Scaffold> scaffolds = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (YamlNode item : nonEmptyList(node)) {
            YamlMap fields = item.asMap().allowOnly("name", "tokenFactor");
            scaffolds.add(new Scaffold(unique(fields.required("name"), seen), fields.required("tokenFactor").asPositive()));
        }
        return scaffolds;
    }

    private List<MemoryPolicy> memories(YamlNode node) {
        List<MemoryPolicy> memories = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (YamlNode item : nonEmptyList(node)) {
            YamlMap fields = item.asMap().allowOnly("name", "inputFactor", "outputFactor", "longContextPenalty");
            memories.add(new MemoryPolicy(unique(fields.required("name"), seen),
                    fields.required("inputFactor").asPositive(),
                    fields.required("outputFactor").asPositive(),
                    fields.required("longContextPenalty").asNonNegative()));
        }
        return memories;
    }

    private List<Category> categories(YamlNode node, KnobCatalog catalog, List<String> modelNames) {
        List<Category> categories = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        double shares = 0;
        for (YamlNode item : nonEmptyList(node)) {
            YamlMap fields = item.asMap().allowOnly(
                    "name", "share", "difficulty", "tokens", "longContext", "needs");
            String name = unique(fields.required("name"), seen);
            double share = fields.required("share").asNumberIn(0, 1);
            shares += share;
            double[] difficulty = difficultyRange(fields.required("difficulty"));
            YamlMap tokens = fields.required("tokens").asMap().allowOnly("input", "output");
            boolean longContext = fields.optional("longContext").map(YamlNode::asBoolean).orElse(false);
            List<Need> needs = fields.optional("needs").map(n -> needs(n, catalog, modelNames)).orElse(List.of());
            categories.add(new Category(name, share, difficulty[0], difficulty[1],
                    (long) tokens.required("input").asPositive(), (long) tokens.required("output").asPositive(),
                    longContext, needs));
        }
        if (Math.abs(shares - 1) > SHARE_TOLERANCE) {
            throw node.error(String.format("category shares sum to %.3f, expected 1.0 (within %.2f)",
                    shares, SHARE_TOLERANCE));
        }
        return categories;
    }

    private double[] difficultyRange(YamlNode node) {
        List<YamlNode> bounds = node.asList();
        if (bounds.size() != 2) {
            throw node.error("expected [lowest, highest], got " + bounds.size() + " values");
        }
        double low = bounds.get(0).asNumber();
        double high = bounds.get(1).asNumber();
        if (low > high) {
            throw node.error("lowest difficulty " + low + " is above highest " + high);
        }
        return new double[] {low, high};
    }

    private List<Need> needs(YamlNode node, KnobCatalog catalog, List<String> modelNames) {
        List<Need> needs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (YamlNode item : node.asList()) {
            YamlMap fields = item.asMap().allowOnly("name", "symptom", "knob", "values", "bonus", "modelBonus");
            String name = unique(fields.required("name"), seen);
            YamlNode kindNode = fields.required("knob");
            KnobKind kind = KnobKind.fromWord(kindNode.asString().trim())
                    .filter(k -> k != KnobKind.ROUTE)
                    .orElseThrow(() -> kindNode.error("expected one of clause, tool, scaffold, memory, got "
                            + kindNode.describe()));
            YamlNode valuesNode = fields.required("values");
            List<String> values = valuesNode.asNameList();
            if (values.isEmpty()) {
                throw valuesNode.error("a need is met by at least one value");
            }
            for (String value : values) {
                catalog.requireDeclared(kind, value, valuesNode);
            }
            needs.add(new Need(name, fields.required("symptom").asString().trim(), kind, values,
                    fields.required("bonus").asNonNegative(),
                    fields.optional("modelBonus").map(n -> modelBonus(n, modelNames)).orElse(Map.of())));
        }
        return needs;
    }

    /** A need's bonus per model: any number (a negative one hurts), for declared models only. */
    private static Map<String, Double> modelBonus(YamlNode node, List<String> modelNames) {
        YamlMap byModel = node.asMap().allowOnly(modelNames.toArray(String[]::new));
        Map<String, Double> bonus = new LinkedHashMap<>();
        for (String model : byModel.names()) {
            bonus.put(model, byModel.required(model).asNumber());
        }
        return bonus;
    }

    private List<Model> models(YamlNode node, List<Category> categories) {
        List<Model> models = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (YamlNode item : nonEmptyList(node)) {
            YamlMap fields = item.asMap().allowOnly("name", "priceIn", "priceOut", "skill");
            String name = unique(fields.required("name"), seen);
            double priceIn = fields.required("priceIn").asNonNegative();
            double priceOut = fields.required("priceOut").asNonNegative();
            models.add(new Model(name, priceIn, priceOut, skills(fields.required("skill"), categories)));
        }
        return models;
    }

    private List<Double> skills(YamlNode node, List<Category> categories) {
        YamlMap skill = node.asMap();
        List<String> names = categories.stream().map(Category::name).toList();
        skill.allowOnly(names.toArray(String[]::new));
        List<Double> values = new ArrayList<>();
        for (String category : names) {
            values.add(skill.required(category).asNumber());
        }
        return values;
    }

    private JudgeSettings judge(Optional<YamlNode> node) {
        Optional<YamlMap> fields = node.map(n -> n.asMap().allowOnly("flipRate", "vagueRate", "costPerCase"));
        return new JudgeSettings(
                number(fields, "flipRate", 0.05, 0, 0.5),
                number(fields, "vagueRate", 0.2, 0, 1),
                number(fields, "costPerCase", 0.002, 0, Double.MAX_VALUE));
    }

    private ProposerSettings proposer(Optional<YamlNode> node) {
        Optional<YamlMap> fields = node.map(n -> n.asMap().allowOnly("insight", "costPerCall"));
        return new ProposerSettings(
                number(fields, "insight", 0.6, 0, 1),
                number(fields, "costPerCall", 0.03, 0, Double.MAX_VALUE));
    }

    private static double number(Optional<YamlMap> fields, String name, double fallback, double min, double max) {
        return fields.flatMap(f -> f.optional(name)).map(n -> n.asNumberIn(min, max)).orElse(fallback);
    }

    static List<YamlNode> nonEmptyList(YamlNode node) {
        List<YamlNode> items = node.asList();
        if (items.isEmpty()) {
            throw node.error("expected at least one entry");
        }
        return items;
    }

    static String unique(YamlNode nameNode, Set<String> seen) {
        String name = nameNode.asName();
        if (!seen.add(name)) {
            throw nameNode.error("\"" + name + "\" is declared twice");
        }
        return name;
    }
}
