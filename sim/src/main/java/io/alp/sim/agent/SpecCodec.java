package io.alp.sim.agent;

import io.alp.sim.world.AgentSpec;
import io.alp.sim.world.Harness;
import io.alp.sim.world.KnobKind;
import io.alp.sim.world.WorldDefinition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The canonical text of a simulated agent, e.g.
 * {@code sim:clauses=a,b;tools=x;scaffold=plan;memory=window;route=easy:cheap,hard:frontier}.
 * Lists follow the world's declaration order, so equal specs always give equal strings.
 */
public final class SpecCodec {

    public static final String PREFIX = "sim:";
    private static final List<String> FIELDS = List.of("clauses", "tools", "scaffold", "memory", "route");

    /** Sources parsed so far: every simulated evaluation parses its candidate, thousands a second in a bench. */
    private static final int MEMO_LIMIT = 4096;

    private final WorldDefinition world;
    private final Map<String, AgentSpec> parsed = new ConcurrentHashMap<>();

    public SpecCodec(WorldDefinition world) {
        this.world = world;
    }

    public String format(AgentSpec spec) {
        Harness h = spec.harness();
        List<String> clauses = new ArrayList<>();
        for (int i = 0; i < world.clauses().size(); i++) {
            if (h.hasClause(i)) {
                clauses.add(world.clauses().get(i).name());
            }
        }
        List<String> tools = new ArrayList<>();
        for (int i = 0; i < world.tools().size(); i++) {
            if (h.hasTool(i)) {
                tools.add(world.tools().get(i).name());
            }
        }
        List<String> route = new ArrayList<>();
        for (int c = 0; c < world.categories().size(); c++) {
            route.add(world.categories().get(c).name() + ":" + world.models().get(spec.modelFor(c)).name());
        }
        return PREFIX + "clauses=" + String.join(",", clauses)
                + ";tools=" + String.join(",", tools)
                + ";scaffold=" + world.scaffolds().get(h.scaffold()).name()
                + ";memory=" + world.memories().get(h.memory()).name()
                + ";route=" + String.join(",", route);
    }

    /** @throws IllegalArgumentException saying which part of the source is wrong */
    public AgentSpec parse(String source) {
        AgentSpec known = source == null ? null : parsed.get(source);
        if (known != null) {
            return known;
        }
        AgentSpec spec = parseNow(source);
        if (parsed.size() >= MEMO_LIMIT) {
            parsed.clear();
        }
        parsed.put(source, spec);
        return spec;
    }

    private AgentSpec parseNow(String source) {
        if (source == null || !source.startsWith(PREFIX)) {
            throw invalid(source, "it does not start with \"" + PREFIX + "\"");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : source.substring(PREFIX.length()).split(";", -1)) {
            int eq = part.indexOf('=');
            String key = eq < 0 ? part : part.substring(0, eq);
            if (eq < 0 || !FIELDS.contains(key)) {
                throw invalid(source, "\"" + part + "\" is not one of " + String.join("=, ", FIELDS) + "=");
            }
            if (fields.put(key, part.substring(eq + 1)) != null) {
                throw invalid(source, "field " + key + " appears twice");
            }
        }
        for (String field : FIELDS) {
            if (!fields.containsKey(field)) {
                throw invalid(source, "field " + field + " is missing");
            }
        }
        Harness harness = new Harness(mask(source, KnobKind.CLAUSE, fields.get("clauses")),
                mask(source, KnobKind.TOOL, fields.get("tools")),
                index(source, KnobKind.SCAFFOLD, fields.get("scaffold")),
                index(source, KnobKind.MEMORY, fields.get("memory")));
        return new AgentSpec(harness, route(source, fields.get("route")));
    }

    private int mask(String source, KnobKind kind, String list) {
        int mask = 0;
        if (list.isEmpty()) {
            return mask;
        }
        for (String name : list.split(",", -1)) {
            mask |= 1 << index(source, kind, name);
        }
        return mask;
    }

    private int index(String source, KnobKind kind, String name) {
        OptionalInt index = world.valueIndex(kind, name);
        if (index.isEmpty()) {
            String what = kind == KnobKind.ROUTE ? "model" : kind.word();
            throw invalid(source, "unknown " + what + " \"" + name + "\"; declared: "
                    + String.join(", ", world.valueNames(kind)));
        }
        return index.getAsInt();
    }

    private List<Integer> route(String source, String list) {
        Integer[] route = new Integer[world.categories().size()];
        for (String entry : list.isEmpty() ? new String[0] : list.split(",", -1)) {
            int colon = entry.indexOf(':');
            if (colon < 0) {
                throw invalid(source, "route entry \"" + entry + "\" is not category:model");
            }
            String category = entry.substring(0, colon);
            OptionalInt c = world.categoryIndex(category);
            if (c.isEmpty()) {
                throw invalid(source, "unknown category \"" + category + "\" in route; declared: "
                        + String.join(", ", world.categoryNames()));
            }
            route[c.getAsInt()] = index(source, KnobKind.ROUTE, entry.substring(colon + 1));
        }
        for (int c = 0; c < route.length; c++) {
            if (route[c] == null) {
                throw invalid(source, "route has no model for category \"" + world.categories().get(c).name() + "\"");
            }
        }
        return List.of(route);
    }

    private IllegalArgumentException invalid(String source, String problem) {
        return new IllegalArgumentException(
                "invalid agent source for " + world.label() + " (\"" + source + "\"): " + problem);
    }
}
