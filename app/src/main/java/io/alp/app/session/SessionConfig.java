package io.alp.app.session;

import io.alp.actors.session.SessionSpec;
import io.alp.app.ConfigFiles;
import io.alp.engine.config.YamlMap;
import io.alp.engine.config.YamlNode;
import io.alp.engine.model.WorldSpec;
import io.alp.engine.search.SearchConfig;
import io.alp.sim.SimWorlds;
import io.alp.agentworld.AgentWorldSpec;
import io.alp.agentworld.AgentWorlds;
import io.alp.agentworld.config.AgentConfig;
import io.alp.traffic.config.TrafficConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads a session YAML file into a {@link SessionSpec}. Every complaint names the file, line and field.
 * A relative world path is resolved against the config file's directory.
 */
public final class SessionConfig {

    /** A majority of three, drawn adaptively: two agreeing samples settle most cases. */
    public static final int DEFAULT_JUDGE_SAMPLES = 3;

    private SessionConfig() {
    }

    /**
     * A parsed session config: the spec, and where its cases come from: a frozen dataset id, a traffic source
     * to sample, or (both null) the simulated world's own traffic.
     */
    public record SessionSetup(SessionSpec spec, String datasetId, TrafficConfig traffic) {
    }

    public static SessionSetup load(Path file) {
        return load(file, Path.of("alp-data"));
    }

    /** @param workDir where a real agent's source store lives (the data directory) */
    public static SessionSetup load(Path file, Path workDir) {
        return ConfigFiles.parse(file, "session config", root -> parse(file, root, workDir, System::getenv));
    }

    /**
     * Parses a session config sent as text (the console's start request); {@code file} names it in errors and
     * anchors relative paths.
     *
     * @throws io.alp.engine.config.ConfigException naming the line and field of what is wrong
     */
    public static SessionSetup parse(Path file, String text, Path workDir) {
        return parse(file, YamlNode.root(file.toString(), text), workDir, System::getenv);
    }

    private static SessionSetup parse(Path file, YamlNode document, Path workDir, Function<String, String> env) {
        YamlMap root = document.asMap();
        boolean agent = root.names().contains("agent");
        if (agent) {
            root.allowOnly("id", "name", "seed", "agent", "providers", "prices", "models", "dataset", "traffic",
                    "judge", "optimizer");
        } else {
            if (root.names().contains("models")) {
                throw root.key("models").error("models are those a real agent may be routed to: describe the agent "
                        + "with 'agent:', or a simulated world with 'world:'");
            }
            root.allowOnly("id", "name", "world", "seed", "dataset", "traffic", "judge", "optimizer", "simulation");
        }
        long seed = root.optional("seed").map(n -> (long) n.asNumber()).orElse(7L);
        Path dir = file.toAbsolutePath().getParent();

        int cases = 100;
        String datasetId = null;
        var dataset = root.optional("dataset").map(YamlNode::asMap);
        if (dataset.isPresent()) {
            dataset.get().allowOnly("size", "id");
            if (dataset.get().names().containsAll(java.util.List.of("size", "id"))) {
                throw dataset.get().key("size").error("a frozen dataset has its own size; give either id or size");
            }
            cases = dataset.get().optional("size").map(n -> (int) n.asNumberIn(1, 100_000)).orElse(cases);
            datasetId = dataset.get().optional("id").map(YamlNode::asName).orElse(null);
        }
        TrafficConfig traffic = null;
        if (root.names().contains("traffic")) {
            if (dataset.isPresent()) {
                throw root.key("traffic").error("give either dataset (a frozen dataset id, or the size of a "
                        + "simulated one) or traffic (a source to sample), not both");
            }
            traffic = TrafficConfig.parse(root.required("traffic").asMap(), dir, Instant.now());
            cases = traffic.policy().size() > 0 ? traffic.policy().size() : cases;
        }
        if (agent && traffic == null && datasetId == null) {
            throw root.self().error("a real agent is evaluated on its own traffic: give traffic: (a source to "
                    + "sample) or dataset: {id: ...} (a frozen dataset)");
        }

        YamlMap optimizer = root.required("optimizer").asMap();
        List<String> optimizerFields = new ArrayList<>(List.of("budgetUsd", "branching", "parallelRounds",
                "stallRounds", "maxNodes", "maxExpansionsPerNode", "compounding", "evaluation"));
        if (agent) {
            optimizerFields.addAll(List.of("proposer", "worker"));
        }
        optimizer.allowOnly(optimizerFields.toArray(String[]::new));
        double budget = optimizer.required("budgetUsd").asPositive();
        SearchConfig d = SearchConfig.defaults();
        SearchConfig search = new SearchConfig(
                count(optimizer, "branching", d.branching()),
                count(optimizer, "parallelRounds", d.parallelRounds()),
                count(optimizer, "stallRounds", d.stallRounds()),
                count(optimizer, "maxNodes", d.maxNodes()),
                count(optimizer, "maxExpansionsPerNode", d.maxExpansionsPerNode()),
                optimizer.optional("compounding").map(YamlNode::asBoolean).orElse(d.compounding()),
                optimizer.optional("evaluation").map(SessionConfig::staged).orElse(d.staged()));

        WorldSpec ref;
        String name;
        if (agent) {
            AgentWorldSpec world = AgentConfig.parse(root, dir, workDir.toAbsolutePath(), env);
            ref = AgentWorlds.ref(world, seed);
            name = world.name();
        } else {
            YamlNode worldNode = root.required("world");
            String world = resolveWorld(file, worldNode);
            name = root.optional("name").map(YamlNode::asString).orElse("session on " + world);
            Map<String, String> settings = simSettings(root, seed);
            try {
                ref = SimWorlds.ref(world, settings);
            } catch (IllegalArgumentException e) {
                throw worldNode.error(e.getMessage());
            }
        }
        String id = root.optional("id").map(YamlNode::asName).orElseGet(() -> SessionIds.next(ref.name()));
        try {
            return new SessionSetup(new SessionSpec(id, name, AgentWorlds.forSession(ref, id), cases, seed, budget,
                    search), datasetId, traffic);
        } catch (IllegalArgumentException e) {
            throw root.self().error(e.getMessage());
        }
    }

    private static Map<String, String> simSettings(YamlMap root, long seed) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("seed", Long.toString(seed));
        settings.put("judge.samples", Integer.toString(DEFAULT_JUDGE_SAMPLES));
        root.optional("judge").map(YamlNode::asMap).ifPresent(judge -> {
            judge.allowOnly("samples", "flipRate", "vagueRate");
            judge.optional("samples").ifPresent(n -> settings.put("judge.samples",
                    Integer.toString((int) n.asNumberIn(1, 99))));
            judge.optional("flipRate").ifPresent(n -> settings.put("judge.flipRate", num(n.asNumberIn(0, 0.5))));
            judge.optional("vagueRate").ifPresent(n -> settings.put("judge.vagueRate", num(n.asNumberIn(0, 1))));
        });
        root.optional("simulation").map(YamlNode::asMap).ifPresent(sim -> {
            sim.allowOnly("latencyMs", "insight", "editFailureRate");
            sim.optional("latencyMs").ifPresent(n -> settings.put("latencyMs",
                    Long.toString((long) n.asNumberIn(0, 3_600_000))));
            sim.optional("insight").ifPresent(n -> settings.put("proposer.insight", num(n.asNumberIn(0, 1))));
            sim.optional("editFailureRate").ifPresent(n -> settings.put("editFailureRate", num(n.asNumberIn(0, 1))));
        });
        return settings;
    }

    private static String resolveWorld(Path file, YamlNode node) {
        String world = node.asString().trim();
        if (SimWorlds.bundled().contains(world)) {
            return world;
        }
        Path dir = file.toAbsolutePath().getParent();
        Path path = dir == null ? Path.of(world) : dir.resolve(world);
        if (!Files.isRegularFile(path)) {
            throw node.error("no simulated world '" + world + "': neither a bundled world ("
                    + String.join(", ", SimWorlds.bundled()) + ") nor a file at " + path);
        }
        return path.toString();
    }

    private static boolean staged(YamlNode node) {
        return switch (node.asString().trim()) {
            case "staged" -> true;
            case "full" -> false;
            default -> throw node.error("expected staged or full, got " + node.describe());
        };
    }

    private static int count(YamlMap map, String field, int fallback) {
        return map.optional(field).map(n -> (int) n.asNumberIn(1, 1_000_000)).orElse(fallback);
    }

    private static String num(double value) {
        return Double.toString(value);
    }
}
