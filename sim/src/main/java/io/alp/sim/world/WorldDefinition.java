package io.alp.sim.world;

import java.util.List;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** A parsed, validated simulated world. Build one with {@link WorldParser#parse}. */
public record WorldDefinition(String name, String description, List<Model> models, List<Category> categories,
                              List<TokenKnob> clauses, List<TokenKnob> tools, List<Scaffold> scaffolds,
                              List<MemoryPolicy> memories, AgentSpec baseline, JudgeSettings judge,
                              ProposerSettings proposer, List<Interaction> interactions) {

    public WorldDefinition {
        interactions = List.copyOf(interactions);
        models = List.copyOf(models);
        categories = List.copyOf(categories);
        clauses = List.copyOf(clauses);
        tools = List.copyOf(tools);
        scaffolds = List.copyOf(scaffolds);
        memories = List.copyOf(memories);
    }

    /** How the world labels itself wherever it reports something. */
    public String label() {
        return "simulated world '" + name + "'";
    }

    public int harnessCount() {
        return (1 << clauses.size()) * (1 << tools.size()) * scaffolds.size() * memories.size();
    }

    public long routeCount() {
        long routes = 1;
        for (int i = 0; i < categories.size(); i++) {
            routes *= models.size();
        }
        return routes;
    }

    public long configurationCount() {
        return harnessCount() * routeCount();
    }

    public OptionalInt categoryIndex(String categoryName) {
        return indexOf(categories, Category::name, categoryName);
    }

    public OptionalInt modelIndex(String modelName) {
        return indexOf(models, Model::name, modelName);
    }

    public OptionalInt clauseIndex(String clauseName) {
        return indexOf(clauses, TokenKnob::name, clauseName);
    }

    public OptionalInt toolIndex(String toolName) {
        return indexOf(tools, TokenKnob::name, toolName);
    }

    public OptionalInt scaffoldIndex(String scaffoldName) {
        return indexOf(scaffolds, Scaffold::name, scaffoldName);
    }

    public OptionalInt memoryIndex(String memoryName) {
        return indexOf(memories, MemoryPolicy::name, memoryName);
    }

    /** The names of the declared values of a knob kind, for error messages and enumeration. */
    public List<String> valueNames(KnobKind kind) {
        return switch (kind) {
            case CLAUSE -> names(clauses, TokenKnob::name);
            case TOOL -> names(tools, TokenKnob::name);
            case SCAFFOLD -> names(scaffolds, Scaffold::name);
            case MEMORY -> names(memories, MemoryPolicy::name);
            case ROUTE -> names(models, Model::name);
        };
    }

    public OptionalInt valueIndex(KnobKind kind, String valueName) {
        return switch (kind) {
            case CLAUSE -> clauseIndex(valueName);
            case TOOL -> toolIndex(valueName);
            case SCAFFOLD -> scaffoldIndex(valueName);
            case MEMORY -> memoryIndex(valueName);
            case ROUTE -> modelIndex(valueName);
        };
    }

    public List<String> categoryNames() {
        return names(categories, Category::name);
    }

    private static <T> List<String> names(List<T> items, Function<T, String> name) {
        return items.stream().map(name).collect(Collectors.toList());
    }

    private static <T> OptionalInt indexOf(List<T> items, Function<T, String> name, String wanted) {
        return IntStream.range(0, items.size()).filter(i -> name.apply(items.get(i)).equals(wanted)).findFirst();
    }
}
