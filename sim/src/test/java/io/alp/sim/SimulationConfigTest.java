package io.alp.sim;

import io.alp.engine.config.ConfigException;
import io.alp.engine.config.YamlMap;
import io.alp.engine.config.YamlNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulationConfigTest {

    private static SimulationConfig read(String yaml) {
        YamlMap root = YamlNode.root("session.yaml", yaml).asMap();
        return SimulationConfig.from(5, root.optional("judge"), root.optional("simulation"));
    }

    @Test
    void theSectionsAreReadIntoTypedSettingsThatTravelInTheWorldReference() {
        SimulationConfig config = read("""
                judge: {samples: 5, flipRate: 0.1}
                simulation: {latencyMs: 20, insight: 0.7, editFailureRate: 0.25}
                """);
        assertEquals(new SimulationConfig(5, 5, 0.1, null, 0.7, 20, 0.25), config);
        assertEquals(Map.of("seed", "5", "judge.samples", "5", "judge.flipRate", "0.1", "proposer.insight", "0.7",
                "latencyMs", "20", "editFailureRate", "0.25"), config.settings());
        assertEquals(config, SimulationConfig.fromSettings(config.settings()));
    }

    @Test
    void whatASessionLeavesOutIsTheWorldsOwn() {
        SimulationConfig config = read("seed: 1\n");
        assertEquals(SimulationConfig.session(5), config);
        assertEquals(Map.of("seed", "5", "judge.samples", "3"), config.settings());
        var world = TestWorlds.definition("terminal");
        SimSettings on = config.withFlipRate(0.2).on(world);
        assertEquals(0.2, on.flipRate());
        assertEquals(world.judge().vagueRate(), on.vagueRate());
        assertEquals(world.proposer().insight(), on.insight());
        assertEquals(3, on.judgeSamples());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "judge:\\n  samples: 0|2|judge.samples|expected a number from 1 to 99, got 0",
            "judge:\\n  flipRate: 0.9|2|judge.flipRate|expected a number from 0 to 0.5, got 0.9",
            "judge:\\n  vagueRate: x|2|judge.vagueRate|expected a number, got \"x\"",
            "simulation:\\n  latencyMs: -1|2|simulation.latencyMs|expected a number from 0 to 3600000, got -1",
            "simulation:\\n  insight: 2|2|simulation.insight|expected a number from 0 to 1, got 2",
            "simulation:\\n  editFailureRate: 1.5|2|simulation.editFailureRate|expected a number from 0 to 1, got 1.5",
            "simulation:\\n  speed: 3|2|simulation.speed|unknown field; expected one of latencyMs, insight, "
                    + "editFailureRate",
            "judge:\\n  model: x|2|judge.model|unknown field; expected one of samples, flipRate, vagueRate"})
    void aBadValueIsNamedByFileLineAndField(String yaml, int line, String field, String problem) {
        ConfigException e = assertThrows(ConfigException.class, () -> read("seed: 5\n" + yaml.replace("\\n", "\n")));
        assertEquals("session.yaml", e.file());
        assertEquals(line + 1, e.line(), e.getMessage());
        assertEquals(field, e.field());
        assertEquals(problem, e.problem());
    }

    @Test
    void settingsFromElsewhereAreCheckedByName() {
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> SimulationConfig.session(1).withFlipRate(0.7));
        assertTrue(range.getMessage().contains("judge.flipRate"), range.getMessage());
        IllegalArgumentException text = assertThrows(IllegalArgumentException.class,
                () -> SimulationConfig.fromSettings(Map.of("latencyMs", "soon")));
        assertTrue(text.getMessage().contains("latencyMs") && text.getMessage().contains("soon"), text.getMessage());
    }
}
