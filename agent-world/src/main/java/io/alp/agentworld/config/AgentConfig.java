package io.alp.agentworld.config;

import io.alp.agentworld.AgentWorldFactory;
import io.alp.agentworld.AgentWorldSpec;
import io.alp.agentworld.runner.PromptAgent;
import io.alp.engine.config.YamlMap;
import io.alp.engine.config.YamlNode;
import io.alp.engine.port.PriceTable;
import io.alp.evaluator.edit.EditablePaths;
import io.alp.evaluator.runner.CommandAgent;
import io.alp.evaluator.runner.ResourceLimits;
import io.alp.evaluator.runner.Sandboxes;
import io.alp.evaluator.source.AgentRepository;
import io.alp.evaluator.source.SourceStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads the real-agent sections of a session YAML ({@code agent}, {@code providers}, {@code prices}, {@code models},
 * {@code judge}, and the proposer and worker models under {@code optimizer}) into an {@link AgentWorldSpec}, and
 * checks before any money is spent that the agent's source is readable, every model is priced and served by a
 * configured provider, and every provider's key variable is set. The agent's source is imported into the source
 * store, whose commit becomes the tree's root.
 */
public final class AgentConfig {

    static final String DEFAULT_MANIFEST = "agent.json";

    /** The fields of the {@code optimizer:} section read here; the engine's {@code OptimizerConfig} reads the rest. */
    public static final List<String> OPTIMIZER_FIELDS = List.of("proposer", "worker");

    private AgentConfig() {
    }

    /**
     * The parts of a session config that describe a real agent, as its root found them.
     *
     * @param name     the session's {@code name}, or null to name the agent after its directory
     * @param prices   the {@code prices} file's node, or null for the bundled price table
     * @param proposer {@code optimizer.proposer}, the model that proposes edits
     * @param worker   {@code optimizer.worker}, the model that applies them
     */
    public record Sections(String name, YamlNode agent, YamlNode providers, YamlNode prices, YamlNode models,
                           YamlNode judge, YamlNode proposer, YamlNode worker) {
    }

    /**
     * @param dir     the config file's directory: relative paths resolve against it
     * @param workDir where the source store lives ({@code sources.git} inside it)
     * @param env     environment lookup, to check that key variables are set (their values are not kept)
     */
    public static AgentWorldSpec parse(Sections sections, Path dir, Path workDir, Function<String, String> env) {
        YamlMap agent = sections.agent().asMap();
        boolean command = agent.names().contains("repo");
        if (command) {
            agent.allowOnly("repo", "ref", "command", "editable", "modelMap", "timeoutSeconds", "sandbox",
                    "maxCostPerCaseUsd", "maxCallsPerCase", "limits", "readOnlyPaths");
        } else {
            agent.allowOnly("source", "manifest", "editable");
        }
        YamlNode sourceNode = command ? agent.required("repo") : agent.required("source");
        Path source = dir.resolve(sourceNode.asString().trim()).normalize();
        if (!Files.isDirectory(source)) {
            throw sourceNode.error("the agent's " + (command ? "repository " : "source ") + source
                    + " is not a directory");
        }
        YamlNode editableNode = agent.required("editable");
        List<String> editable = strings(editableNode);

        Map<String, AgentWorldSpec.Provider> providers = providers(sections.providers().asMap(), env);
        String prices = sections.prices() == null ? null : file(dir, sections.prices());
        YamlNode modelsNode = sections.models();
        List<String> models = strings(modelsNode);

        PriceTable table;
        try {
            table = AgentWorldFactory.prices(prices);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw (sections.prices() != null ? sections.prices() : modelsNode).error(e.getMessage());
        }
        for (YamlNode model : modelsNode.isList() ? modelsNode.asList() : List.of(modelsNode)) {
            requireModel(model, providers, table);
        }

        String proposer = requireModel(sections.proposer(), providers, table);
        String worker = requireModel(sections.worker(), providers, table);
        AgentWorldSpec.JudgeSpec judge = judge(sections.judge().asMap(), dir, providers, table);

        Baseline baseline = command ? fromRepository(agent, sourceNode, source) : imported(sourceNode, source, workDir);
        EditablePaths paths = EditablePaths.of(editable);
        if (baseline.files().keySet().stream().noneMatch(paths::allows)) {
            throw editableNode.error("no file of the agent's source matches " + editable + "; its files: "
                    + baseline.files().keySet());
        }
        AgentWorldSpec.AgentSpec agentSpec = command
                ? commandAgent(agent, baseline.files(), models, workDir)
                : promptAgent(agent, sourceNode, modelsNode, baseline.files(), models);
        String name = sections.name() != null ? sections.name() : "agent " + source.getFileName();
        return new AgentWorldSpec(name, baseline.store().toString(), baseline.commit(), editable,
                agentSpec, models, List.copyOf(providers.values()), prices, judge, proposer, worker, null);
    }

    /** Where the candidates live, the root commit, and its text files. */
    private record Baseline(Path store, String commit, Map<String, String> files) {
    }

    /** A prompt agent's directory, imported as a root commit into ALP's own store under the work directory. */
    private static Baseline imported(YamlNode sourceNode, Path source, Path workDir) {
        Path storeDir = workDir.resolve("sources.git");
        try (SourceStore store = SourceStore.open(storeDir)) {
            String commit = store.importDirectory(source, "baseline: " + source);
            return new Baseline(storeDir, commit, store.files(commit));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw sourceNode.error(e.getMessage());
        }
    }

    /** A command agent's own git repository at a ref; its candidates become commits and refs there. */
    private static Baseline fromRepository(YamlMap agent, YamlNode repoNode, Path repo) {
        YamlNode refNode = agent.optional("ref").orElse(repoNode);
        String ref = agent.optional("ref").map(n -> n.asString().trim()).orElse("HEAD");
        try {
            Path gitDir = AgentRepository.gitDir(repo);
            String commit = AgentRepository.baseline(repo, ref);
            try (SourceStore store = SourceStore.open(gitDir)) {
                return new Baseline(gitDir, commit, store.files(commit));
            }
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw (e.getMessage() != null && e.getMessage().contains("names no commit") ? refNode : repoNode)
                    .error(e.getMessage());
        }
    }

    private static AgentWorldSpec.AgentSpec promptAgent(YamlMap agent, YamlNode sourceNode, YamlNode modelsNode,
                                                        Map<String, String> files, List<String> models) {
        String manifest = agent.optional("manifest").map(n -> n.asString().trim()).orElse(DEFAULT_MANIFEST);
        PromptAgent baselineAgent;
        try {
            baselineAgent = PromptAgent.read(files, manifest);
        } catch (IllegalArgumentException e) {
            throw sourceNode.error(e.getMessage());
        }
        if (!models.contains(baselineAgent.model())) {
            throw modelsNode.error("the agent's own model " + baselineAgent.model() + " (" + manifest
                    + ") must be among the models");
        }
        return AgentWorldSpec.AgentSpec.prompt(manifest);
    }

    private static AgentWorldSpec.AgentSpec commandAgent(YamlMap agent, Map<String, String> files,
                                                         List<String> models, Path workDir) {
        YamlNode commandNode = agent.required("command");
        List<String> command = strings(commandNode);
        String modelMap = null;
        if (agent.names().contains("modelMap")) {
            YamlNode mapNode = agent.required("modelMap");
            modelMap = mapNode.asString().trim();
            String text = files.get(modelMap);
            if (text == null) {
                throw mapNode.error(modelMap + " is not a file of the agent's repository at the baseline");
            }
            Map<String, String> routes;
            try {
                routes = CommandAgent.readModelMap(text, modelMap);
            } catch (IllegalArgumentException e) {
                throw mapNode.error(e.getMessage());
            }
            for (Map.Entry<String, String> route : routes.entrySet()) {
                if (!models.contains(route.getValue())) {
                    throw mapNode.error(modelMap + ": " + route.getKey() + " maps to \"" + route.getValue()
                            + "\", which is not among the session's models " + models);
                }
            }
        }
        String sandbox = agent.optional("sandbox").map(AgentConfig::sandbox).orElse("auto");
        int timeout = agent.optional("timeoutSeconds").map(n -> (int) n.asNumberIn(1, 86_400)).orElse(120);
        double maxCost = agent.optional("maxCostPerCaseUsd").map(YamlNode::asPositive).orElse(0.25);
        int maxCalls = agent.optional("maxCallsPerCase").map(n -> (int) n.asNumberIn(1, 10_000)).orElse(50);
        ResourceLimits limits = agent.optional("limits").map(n -> limits(n.asMap(), timeout))
                .orElse(ResourceLimits.defaults(Duration.ofSeconds(timeout)));
        List<String> readOnly = agent.optional("readOnlyPaths").map(AgentConfig::readOnlyPaths).orElse(List.of());
        return new AgentWorldSpec.AgentSpec(AgentWorldSpec.AgentSpec.COMMAND, null, command, modelMap, timeout,
                sandbox, workDir.resolve("workspaces").toString(), maxCost, maxCalls, limits, readOnly);
    }

    /** {@code limits:} of a command agent; a limit left out keeps its default, 0 turns it off. */
    private static ResourceLimits limits(YamlMap map, int timeoutSeconds) {
        map.allowOnly("cpuSeconds", "memoryMb", "processes", "tmpMb", "openFiles");
        ResourceLimits d = ResourceLimits.defaults(Duration.ofSeconds(timeoutSeconds));
        return new ResourceLimits(
                map.optional("cpuSeconds").map(n -> (long) n.asNumberIn(0, 86_400 * 7)).orElse(d.cpuSeconds()),
                map.optional("memoryMb").map(n -> (long) n.asNumberIn(0, 1 << 24)).orElse(d.memoryMb()),
                map.optional("processes").map(n -> (int) n.asNumberIn(0, 1 << 20)).orElse(d.processes()),
                map.optional("tmpMb").map(n -> (long) n.asNumberIn(0, 1 << 24)).orElse(d.tmpMb()),
                map.optional("openFiles").map(n -> (int) n.asNumberIn(0, 1 << 20)).orElse(d.openFiles()));
    }

    /** Absolute host paths the sandbox shows the agent read-only: an interpreter installed outside /usr, say. */
    private static List<String> readOnlyPaths(YamlNode node) {
        List<String> paths = new ArrayList<>();
        for (YamlNode item : node.asList()) {
            String path = item.asString().trim();
            if (!path.startsWith("/")) {
                throw item.error("a read-only path must be absolute, got " + item.describe());
            }
            if (!Files.exists(Path.of(path))) {
                throw item.error(path + " does not exist");
            }
            paths.add(Path.of(path).normalize().toString());
        }
        return paths;
    }

    private static String sandbox(YamlNode node) {
        String mode = node.asString().trim();
        if (!List.of("auto", "bwrap", "none").contains(mode)) {
            throw node.error("expected auto (bwrap when installed), bwrap or none, got " + node.describe());
        }
        if (mode.equals("bwrap")) {
            try {
                Sandboxes.create(mode);
            } catch (IllegalStateException missing) {
                throw node.error(missing.getMessage());
            }
        }
        return mode;
    }

    private static Map<String, AgentWorldSpec.Provider> providers(YamlMap map, Function<String, String> env) {
        Map<String, AgentWorldSpec.Provider> providers = new LinkedHashMap<>();
        for (String name : map.names()) {
            YamlNode nameNode = map.key(name);
            if (!name.matches("[a-z0-9][a-z0-9_-]*")) {
                throw nameNode.error("a provider name is lower-case letters, digits, '-' and '_'");
            }
            YamlMap p = map.required(name).asMap().allowOnly("protocol", "baseUrl", "apiKeyEnv",
                    "requestsPerMinute", "tokensPerMinute", "maxConcurrent", "timeoutSeconds", "maxRetries");
            YamlNode protocolNode = p.required("protocol");
            String protocol = protocolNode.asString().trim();
            if (!protocol.equals("openai") && !protocol.equals("anthropic")) {
                throw protocolNode.error("expected openai (also for OpenAI-compatible servers) or anthropic, got "
                        + protocolNode.describe());
            }
            YamlNode urlNode = p.required("baseUrl");
            String url = urlNode.asString().trim();
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw urlNode.error("expected an http(s) URL, got " + urlNode.describe());
            }
            String keyEnv = null;
            if (p.names().contains("apiKeyEnv")) {
                YamlNode keyNode = p.required("apiKeyEnv");
                keyEnv = keyNode.asString().trim();
                if (!keyEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw keyNode.error("expected the NAME of an environment variable holding the key "
                            + "(keys are never written in config files)");
                }
                String value = env.apply(keyEnv);
                if (value == null || value.isBlank()) {
                    throw keyNode.error("environment variable " + keyEnv + " is not set: export the provider's "
                            + "key in it before starting the session");
                }
            }
            providers.put(name, new AgentWorldSpec.Provider(name, protocol, url, keyEnv,
                    count(p, "requestsPerMinute", 0), count(p, "tokensPerMinute", 0), count(p, "maxConcurrent", 8),
                    count(p, "timeoutSeconds", 120), count(p, "maxRetries", 5)));
        }
        if (providers.isEmpty()) {
            throw map.self().error("configure at least one provider");
        }
        return providers;
    }

    private static AgentWorldSpec.JudgeSpec judge(YamlMap judge, Path dir, Map<String, AgentWorldSpec.Provider> providers,
                                                  PriceTable table) {
        judge.allowOnly("model", "rubric", "rubricFile", "samples", "verifier");
        if (judge.names().contains("verifier")) {
            for (String other : List.of("model", "rubric", "rubricFile", "samples")) {
                if (judge.names().contains(other)) {
                    throw judge.key(other).error("a verifier judge takes no " + other + ": give either verifier or "
                            + "model and rubric");
                }
            }
            YamlMap verifier = judge.required("verifier").asMap().allowOnly("command", "timeoutSeconds");
            YamlNode commandNode = verifier.required("command");
            List<String> command = strings(commandNode);
            if (command.isEmpty()) {
                throw commandNode.error("the verifier command is empty");
            }
            return new AgentWorldSpec.JudgeSpec(null, null, 1, command, dir.toString(),
                    count(verifier, "timeoutSeconds", 60));
        }
        String model = requireModel(judge.required("model"), providers, table);
        String rubric;
        if (judge.names().contains("rubricFile")) {
            if (judge.names().contains("rubric")) {
                throw judge.key("rubric").error("give either rubric or rubricFile, not both");
            }
            Path file = Path.of(file(dir, judge.required("rubricFile")));
            try {
                rubric = Files.readString(file);
            } catch (IOException e) {
                throw judge.required("rubricFile").error("cannot read " + file + ": " + e.getMessage());
            }
        } else {
            rubric = judge.required("rubric").asString();
        }
        if (rubric.isBlank()) {
            throw judge.self().error("the rubric is empty");
        }
        int samples = judge.optional("samples").map(n -> (int) n.asNumberIn(1, 99)).orElse(3);
        if (samples % 2 == 0) {
            throw judge.key("samples").error("judge samples must be odd so that a majority exists, got " + samples);
        }
        return new AgentWorldSpec.JudgeSpec(model, rubric, samples, null, null, 0);
    }

    private static String requireModel(YamlNode node, Map<String, AgentWorldSpec.Provider> providers,
                                       PriceTable table) {
        String model = node.asString().trim();
        int slash = model.indexOf('/');
        if (slash <= 0 || slash == model.length() - 1) {
            throw node.error("expected a model named provider/model, got " + node.describe());
        }
        String provider = model.substring(0, slash);
        if (!providers.containsKey(provider)) {
            throw node.error("no provider '" + provider + "' is configured (providers: " + providers.keySet() + ")");
        }
        if (!table.knows(model)) {
            throw node.error("model " + model + " has no price: add it to a LiteLLM-format file named by prices:");
        }
        return model;
    }

    private static String file(Path dir, YamlNode node) {
        Path path = dir.resolve(node.asString().trim()).normalize();
        if (!Files.isRegularFile(path)) {
            throw node.error("no file at " + path);
        }
        return path.toString();
    }

    private static List<String> strings(YamlNode node) {
        List<String> values = new ArrayList<>();
        for (YamlNode item : node.isList() ? node.asList() : List.of(node)) {
            String value = item.asString().trim();
            if (value.isEmpty()) {
                throw item.error("expected a non-empty value");
            }
            values.add(value);
        }
        return values;
    }

    private static int count(YamlMap map, String field, int fallback) {
        return map.optional(field).map(n -> (int) n.asNumberIn(0, 10_000_000)).orElse(fallback);
    }

}
