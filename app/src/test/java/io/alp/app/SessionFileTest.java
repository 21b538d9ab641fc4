package io.alp.app;

import io.alp.agentworld.AgentWorlds;
import io.alp.app.session.SessionConfig;
import io.alp.app.session.SessionFile;
import io.alp.engine.config.ConfigException;
import io.alp.engine.config.YamlNode;
import io.alp.engine.search.OptimizerConfig;
import io.alp.engine.search.SearchConfig;
import io.alp.sim.SimulationConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A session file read once into its typed sections, each bad value named by file, line and field. */
class SessionFileTest {

    private static final Map<String, String> KEYS = Map.of("OPENAI_API_KEY", "sk-test-not-a-key");

    @TempDir
    Path tmp;

    private SessionFile read(Path file, String yaml) {
        return SessionFile.from(file, YamlNode.root(file.toString(), yaml), tmp.resolve("data"), KEYS::get);
    }

    @Test
    void theSimulatedTemplateReadsIntoItsSections() throws IOException {
        SessionFile file = read(tmp.resolve("session.yaml"), template("sim-session.yaml"));

        assertEquals(new OptimizerConfig(new SearchConfig(2, 2, 40, 200, 3, true, true), 3000), file.optimizer());
        assertEquals(7, file.seed());
        assertEquals(100, file.cases());
        assertEquals("terminal agent, cost push", file.name());
        assertEquals("terminal", file.world().name());
        assertEquals(new SimulationConfig(7, 3, 0.05, 0.2, 0.6, 0, 0),
                SimulationConfig.fromSettings(file.world().settings()));
    }

    @Test
    void theBudgetOfASessionIsItsOptimizersBudget() {
        var setup = SessionConfig.parse(tmp.resolve("s.yaml"), "world: support\noptimizer:\n  budgetUsd: 42.5\n",
                tmp.resolve("data"));
        assertEquals(OptimizerConfig.withBudget(42.5), setup.spec().optimizer());
    }

    @Test
    void theExampleAgentSessionReadsIntoItsSections() throws Exception {
        ExampleAgentRepo.create(tmp);
        Path config = tmp.resolve("support-agent").resolve("session.yaml");
        SessionFile file = read(config, Files.readString(config));

        assertEquals(new OptimizerConfig(new SearchConfig(3, 1, 40, 3000, 3, true, true), 5), file.optimizer());
        assertEquals(12, file.cases(), "the traffic policy's size");
        assertNotNull(file.traffic());
        assertEquals("support agent", file.name());
        var agent = AgentWorlds.spec(file.world());
        assertEquals("openai/gpt-4.1", agent.proposerModel());
        assertEquals("openai/gpt-4.1-mini", agent.workerModel());
        assertEquals(List.of("python3", "verify.py"), agent.judge().verifierCommand());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "  maxNodes: 40|  maxNodes: 0|optimizer.maxNodes",
            "  budgetUsd: 300|  budgetUsd: free|optimizer.budgetUsd",
            "  size: 20|  size: 0|dataset.size",
            "  samples: 1|  samples: 100|judge.samples",
            "  flipRate: 0.05|  flips: 0.05|judge.flips",
            "  latencyMs: 0|  latencyMs: -5|simulation.latencyMs",
            "  insight: 0.6|  insight: 1.5|simulation.insight",
            "world: terminal|world: nowhere|world",
            "seed: 3|seed: three|seed",
            "dataset:\\n  size: 20|traffic: {policy: {kind: sometimes}}|traffic.policy.kind"})
    void aBadValueInASimulatedSessionIsNamed(String line, String bad, String field) {
        String yaml = BadInputTest.VALID.replace(line.replace("\\n", "\n") + "\n", bad + "\n");
        ConfigException e = assertThrows(ConfigException.class, () -> read(tmp.resolve("bad.yaml"), yaml));
        assertEquals(tmp.resolve("bad.yaml").toString(), e.file());
        assertEquals(field, e.field(), e.getMessage());
        assertEquals(lineOf(yaml, bad), e.line(), e.getMessage());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "  timeoutSeconds: 60|  timeoutSeconds: 0|agent.timeoutSeconds",
            "  budgetUsd: 5|  budgetUsd: -5|optimizer.budgetUsd",
            "  worker: openai/gpt-4.1-mini|  worker: gpt|optimizer.worker",
            "  policy: {kind: improve, size: 12, window: {last: 3650d}}|  policy: {kind: improve, size: 0}|"
                    + "traffic.policy.size",
            "  verifier: {command: [python3, verify.py], timeoutSeconds: 30}|  samples: 3|judge.model"})
    void aBadValueInAnAgentSessionIsNamed(String line, String bad, String field) throws Exception {
        ExampleAgentRepo.create(tmp);
        Path config = tmp.resolve("support-agent").resolve("session.yaml");
        String yaml = Files.readString(config);
        String changed = yaml.replace(line + "\n", bad + "\n");
        assertNotEquals(yaml, changed, "the example has the line " + line);
        ConfigException e = assertThrows(ConfigException.class, () -> read(config, changed));
        assertEquals(config.toString(), e.file());
        assertEquals(field, e.field(), e.getMessage());
    }

    /** The 1-based line of {@code text} that reads {@code line}, indentation aside. */
    private static int lineOf(String text, String line) {
        List<String> lines = text.lines().map(String::strip).toList();
        return lines.indexOf(line.strip()) + 1;
    }

    private static String template(String name) throws IOException {
        try (InputStream in = SessionFileTest.class.getResourceAsStream("/templates/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
