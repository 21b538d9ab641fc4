package io.alp.agentworld.config;

import io.alp.agentworld.AgentWorldSpec;
import io.alp.engine.config.ConfigException;
import io.alp.engine.config.YamlMap;
import io.alp.engine.config.YamlNode;
import io.alp.evaluator.source.SourceStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real-agent parts of a session config: everything is checked before any money is spent. */
class AgentConfigTest {

    private static final String KEY = "sk-live-0123456789abcdef";

    @TempDir
    Path dir;

    private final Map<String, String> env = Map.of("OPENAI_API_KEY", KEY);

    @BeforeEach
    void agent() throws IOException {
        Path agent = Files.createDirectories(dir.resolve("agent"));
        Files.writeString(agent.resolve("agent.json"), "{\"model\": \"openai/gpt-4.1-mini\", \"system\": \"prompt.md\"}");
        Files.writeString(agent.resolve("prompt.md"), "You answer billing questions.\n");
        Files.writeString(agent.resolve("notes.txt"), "not editable\n");
    }

    private static final String GOOD = """
            name: billing agent
            agent:
              source: agent
              editable: [prompt.md, agent.json]
            providers:
              openai:
                protocol: openai
                baseUrl: https://api.openai.com/v1
                apiKeyEnv: OPENAI_API_KEY
                maxConcurrent: 4
            models: [openai/gpt-4.1-mini, openai/gpt-4.1]
            judge:
              model: openai/gpt-4.1-mini
              rubric: The answer is correct.
            optimizer:
              proposer: openai/gpt-4.1
              worker: openai/gpt-4.1-mini
              budgetUsd: 5
            """;

    private AgentWorldSpec parse(String yaml) {
        YamlMap root = YamlNode.root("session.yaml", yaml).asMap();
        YamlMap optimizer = root.required("optimizer").asMap();
        var sections = new AgentConfig.Sections(root.optional("name").map(YamlNode::asString).orElse(null),
                root.required("agent"), root.required("providers"), root.optional("prices").orElse(null),
                root.required("models"), root.required("judge"), optimizer.required("proposer"),
                optimizer.required("worker"));
        return AgentConfig.parse(sections, dir, dir.resolve("work"), env::get);
    }

    private String refused(String yaml) {
        return assertThrows(ConfigException.class, () -> parse(yaml)).getMessage();
    }

    @Test
    void aGoodConfigImportsTheAgentAsTheRootCommitAndKeepsOnlyTheKeysName() {
        AgentWorldSpec spec = parse(GOOD);
        try (SourceStore store = SourceStore.open(Path.of(spec.sourceStore()))) {
            assertEquals("You answer billing questions.\n", store.files(spec.baseline()).get("prompt.md"));
        }
        assertEquals("OPENAI_API_KEY", spec.providers().get(0).apiKeyEnv());
        assertEquals(4, spec.providers().get(0).maxConcurrent());
        assertEquals("openai/gpt-4.1", spec.proposerModel());
        assertEquals(3, spec.judge().samples());
        assertFalse(spec.toJson().contains(KEY), "the world definition carries no key");
        assertEquals(spec, AgentWorldSpec.fromJson(spec.toJson()));
    }

    @Test
    void anUnsetKeyVariableIsRefusedNamingIt() {
        String message = refused(GOOD.replace("OPENAI_API_KEY", "BILLING_OPENAI_KEY"));
        assertTrue(message.contains("line 9") && message.contains("BILLING_OPENAI_KEY is not set"), message);
    }

    @Test
    void aKeyWrittenInPlaceOfAVariableNameIsRefusedWithoutRepeatingIt() {
        String message = refused(GOOD.replace("apiKeyEnv: OPENAI_API_KEY", "apiKeyEnv: sk-proj-abc-123"));
        assertTrue(message.contains("NAME of an environment variable"), message);
    }

    @Test
    void modelsMustHaveAProviderAndAPrice() {
        String unpriced = refused(GOOD.replace("[openai/gpt-4.1-mini, openai/gpt-4.1]",
                "[openai/gpt-4.1-mini, openai/gpt-9-ultra]"));
        assertTrue(unpriced.contains("models[1]") && unpriced.contains("openai/gpt-9-ultra has no price"), unpriced);
        String noProvider = refused(GOOD.replace("proposer: openai/gpt-4.1", "proposer: mistral/large"));
        assertTrue(noProvider.contains("optimizer.proposer") && noProvider.contains("no provider 'mistral'"),
                noProvider);
        String bare = refused(GOOD.replace("worker: openai/gpt-4.1-mini", "worker: gpt-4.1-mini"));
        assertTrue(bare.contains("provider/model"), bare);
    }

    @Test
    void aUserPriceFileAddsModels() throws IOException {
        Files.writeString(dir.resolve("prices.json"), """
                {"openai/house-model": {"input_cost_per_token": 1e-7, "output_cost_per_token": 2e-7}}
                """);
        AgentWorldSpec spec = parse(GOOD.replace("models: [", "prices: prices.json\nmodels: [openai/house-model, "));
        assertTrue(spec.models().contains("openai/house-model"));
    }

    @Test
    void theAgentsSourceMustDescribeAnAgentAmongTheModels() throws IOException {
        String missing = refused(GOOD.replace("source: agent", "source: nowhere"));
        assertTrue(missing.contains("agent.source") && missing.contains("is not a directory"), missing);

        Files.writeString(dir.resolve("agent").resolve("agent.json"), "{\"model\": \"openai/gpt-4o\", \"system\": \"prompt.md\"}");
        String outside = refused(GOOD);
        assertTrue(outside.contains("openai/gpt-4o") && outside.contains("must be among the models"), outside);

        Files.writeString(dir.resolve("agent").resolve("agent.json"), "{\"model\": ");
        String broken = refused(GOOD);
        assertTrue(broken.contains("agent.json is not valid JSON"), broken);
    }

    @Test
    void editableGlobsMustMatchSomeFile() {
        String message = refused(GOOD.replace("editable: [prompt.md, agent.json]", "editable: [src/**]"));
        assertTrue(message.contains("agent.editable") && message.contains("no file of the agent's source matches"),
                message);
    }

    @Test
    void aVerifierJudgeTakesACommandAndNoRubric() {
        AgentWorldSpec spec = parse(GOOD.replace("""
                  model: openai/gpt-4.1-mini
                  rubric: The answer is correct.
                """, """
                  verifier: {command: [python3, check.py], timeoutSeconds: 5}
                """));
        assertTrue(spec.judge().verifier());
        assertEquals(5, spec.judge().verifierTimeoutSeconds());
        String both = refused(GOOD.replace("  rubric: The answer is correct.\n",
                "  rubric: The answer is correct.\n  verifier: {command: [true]}\n"));
        assertTrue(both.contains("a verifier judge takes no model"), both);
    }

    private static final String COMMAND = GOOD.replace("""
            agent:
              source: agent
              editable: [prompt.md, agent.json]
            """, """
            agent:
              repo: repo
              command: [python3, agent.py]
              editable: [prompt.md]
              modelMap: models.json
              sandbox: none
            """);

    private Path repository(String models) throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Files.writeString(repo.resolve("agent.py"), "print('{}')\n");
        Files.writeString(repo.resolve("prompt.md"), "Be brief.\n");
        Files.writeString(repo.resolve("models.json"), models);
        try (var git = org.eclipse.jgit.api.Git.init().setDirectory(repo.toFile()).call()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("baseline").setAuthor("dev", "dev@example.com").setCommitter("dev", "dev@example.com").call();
        }
        return repo;
    }

    @Test
    void aCommandAgentsBaselineIsItsRepositorysCommitAndItsModelMapIsChecked() throws Exception {
        Path repo = repository("{\"gpt-4o-mini\": \"openai/gpt-4.1-mini\"}");
        AgentWorldSpec spec = parse(COMMAND);
        assertTrue(spec.agent().runsProgram());
        assertEquals(List.of("python3", "agent.py"), spec.agent().command());
        try (var git = org.eclipse.jgit.api.Git.open(repo.toFile())) {
            assertEquals(git.getRepository().resolve("HEAD").name(), spec.baseline());
            assertEquals(repo.resolve(".git").toAbsolutePath().toString(), spec.sourceStore());
        }

        Files.writeString(repo.resolve("models.json"), "{\"gpt-4o-mini\": \"openai/gpt-5\"}");
        String dirty = refused(COMMAND);
        assertTrue(dirty.contains("agent.repo") && dirty.contains("uncommitted changes (models.json)"), dirty);
    }

    @Test
    void aCommandAgentIsRefusedForAMissingRepositoryAnUnknownRefOrAModelMapOutsideTheModels() throws Exception {
        String missing = refused(COMMAND);
        assertTrue(missing.contains("agent.repo") && missing.contains("not a directory"), missing);
        repository("{\"gpt-4o-mini\": \"openai/gpt-4o\"}");
        String outside = refused(COMMAND);
        assertTrue(outside.contains("agent.modelMap") && outside.contains("not among the session's models"), outside);
        String ref = refused(COMMAND.replace("  repo: repo\n", "  repo: repo\n  ref: release-9\n"));
        assertTrue(ref.contains("agent.ref") && ref.contains("'release-9' names no commit"), ref);
    }
}
