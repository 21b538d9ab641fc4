package io.alp.app.session;

import io.alp.agentworld.AgentWorldSpec;
import io.alp.agentworld.AgentWorlds;
import io.alp.agentworld.config.AgentConfig;
import io.alp.engine.config.YamlMap;
import io.alp.engine.config.YamlNode;
import io.alp.engine.model.WorldSpec;
import io.alp.engine.search.OptimizerConfig;
import io.alp.sim.SimWorlds;
import io.alp.sim.SimulationConfig;
import io.alp.traffic.config.TrafficConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * A session YAML file, parsed once into one typed tree. Each section is read and checked by the record of the
 * module that owns it: {@code optimizer} by the engine's {@link OptimizerConfig} (search and budget),
 * {@code traffic} by {@link TrafficConfig}, a simulated world's {@code judge} and {@code simulation} by
 * {@link SimulationConfig}, a real agent's {@code agent}, {@code providers}, {@code prices}, {@code models},
 * {@code judge} and the optimizer's {@code proposer} and {@code worker} by {@link AgentConfig}. This record checks
 * the file's shape (which sections go together) and the {@code dataset} section.
 *
 * @param id        the session's id, or null for a fresh one
 * @param name      the session's name: as given, or after its world
 * @param cases     how many cases the dataset has (a frozen dataset's own size is used instead)
 * @param datasetId a frozen dataset to evaluate on, or null
 * @param traffic   a traffic source to sample the cases from, or null
 * @param world     the world as the session is given it: the simulated world with its settings, or the real agent
 */
public record SessionFile(String id, String name, long seed, int cases, String datasetId, TrafficConfig traffic,
                          OptimizerConfig optimizer, WorldSpec world) {

    static final int DEFAULT_CASES = 100;
    static final long DEFAULT_SEED = 7;

    /**
     * @param file    names the file in errors; relative paths resolve against its directory
     * @param workDir where a real agent's source store lives (the data directory)
     * @param env     environment lookup, to check that a real agent's key variables are set
     * @throws io.alp.engine.config.ConfigException naming the file, line and field of what is wrong
     */
    public static SessionFile from(Path file, YamlNode document, Path workDir, Function<String, String> env) {
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
        String id = root.optional("id").map(YamlNode::asName).orElse(null);
        long seed = root.optional("seed").map(n -> (long) n.asNumber()).orElse(DEFAULT_SEED);
        Path dir = file.toAbsolutePath().getParent();

        DatasetSection dataset = root.optional("dataset").map(DatasetSection::from).orElse(null);
        TrafficConfig traffic = null;
        if (root.names().contains("traffic")) {
            if (dataset != null) {
                throw root.key("traffic").error("give either dataset (a frozen dataset id, or the size of a "
                        + "simulated one) or traffic (a source to sample), not both");
            }
            traffic = TrafficConfig.parse(root.required("traffic").asMap(), dir, Instant.now());
        }
        String datasetId = dataset == null ? null : dataset.id();
        if (agent && traffic == null && datasetId == null) {
            throw root.self().error("a real agent is evaluated on its own traffic: give traffic: (a source to "
                    + "sample) or dataset: {id: ...} (a frozen dataset)");
        }
        int cases = traffic != null && traffic.policy().size() > 0 ? traffic.policy().size()
                : dataset != null && dataset.size() > 0 ? dataset.size() : DEFAULT_CASES;

        OptimizerConfig optimizer = OptimizerConfig.from(root.required("optimizer"),
                agent ? AgentConfig.OPTIMIZER_FIELDS : List.of());
        WorldSpec world;
        String name;
        if (agent) {
            AgentWorldSpec spec = AgentConfig.parse(agentSections(root), dir, workDir.toAbsolutePath(), env);
            world = AgentWorlds.ref(spec, seed);
            name = spec.name();
        } else {
            SimulationConfig settings = SimulationConfig.from(seed, root.optional("judge"),
                    root.optional("simulation"));
            world = simulatedWorld(dir, root.required("world"), settings);
            name = root.optional("name").map(YamlNode::asString).orElse("session on " + world.name());
        }
        return new SessionFile(id, name, seed, cases, datasetId, traffic, optimizer, world);
    }

    private static AgentConfig.Sections agentSections(YamlMap root) {
        YamlMap optimizer = root.required("optimizer").asMap();
        return new AgentConfig.Sections(root.optional("name").map(YamlNode::asString).orElse(null),
                root.required("agent"), root.required("providers"), root.optional("prices").orElse(null),
                root.required("models"), root.required("judge"), optimizer.required("proposer"),
                optimizer.required("worker"));
    }

    /**
     * {@code dataset:} the size of the dataset a simulated world generates, or the id of a frozen dataset.
     *
     * @param size 0 when not given
     */
    record DatasetSection(int size, String id) {

        static DatasetSection from(YamlNode node) {
            YamlMap map = node.asMap().allowOnly("size", "id");
            if (map.names().containsAll(List.of("size", "id"))) {
                throw map.key("size").error("a frozen dataset has its own size; give either id or size");
            }
            return new DatasetSection(map.optional("size").map(n -> (int) n.asNumberIn(1, 100_000)).orElse(0),
                    map.optional("id").map(YamlNode::asName).orElse(null));
        }
    }

    /** {@code world:} a bundled simulated world, or a world file relative to the config file's directory. */
    private static WorldSpec simulatedWorld(Path dir, YamlNode node, SimulationConfig settings) {
        String world = node.asString().trim();
        if (!SimWorlds.bundled().contains(world)) {
            Path path = dir == null ? Path.of(world) : dir.resolve(world);
            if (!Files.isRegularFile(path)) {
                throw node.error("no simulated world '" + world + "': neither a bundled world ("
                        + String.join(", ", SimWorlds.bundled()) + ") nor a file at " + path);
            }
            world = path.toString();
        }
        try {
            return SimWorlds.ref(world, settings);
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
    }
}
