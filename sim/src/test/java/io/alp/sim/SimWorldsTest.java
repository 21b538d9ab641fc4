package io.alp.sim;

import io.alp.engine.model.Case;
import io.alp.engine.model.WorldSpec;
import io.alp.engine.port.World;
import io.alp.engine.port.WorldFactory;
import io.alp.sim.world.WorldDefinitionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimWorldsTest {

    @Test
    void bundledWorldsAreListedAndLoadable() {
        assertEquals(List.of("terminal", "support", "analyst"), SimWorlds.bundled());
        assertTrue(SimWorlds.definition("terminal").contains("name: terminal"));
        assertTrue(SimWorlds.definition("support.yaml").contains("name: support"));
    }

    @Test
    void unknownWorldsListTheBundledNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SimWorlds.definition("chess"));
        assertTrue(e.getMessage().contains("terminal, support"), e.getMessage());
        assertTrue(e.getMessage().contains("chess"), e.getMessage());
    }

    @Test
    void worldFilesAreRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mine.yaml");
        Files.writeString(file, SimWorlds.definition("support").replace("name: support", "name: mine"));
        World world = new SimWorldFactory().create(SimWorlds.ref(file.toString(), SimulationConfig.session(1)));
        assertEquals("simulated world 'mine'", world.label());
    }

    @Test
    void theHeldOutBenchWorldsAreValidWorldFiles() throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Path.of("src/test/resources/heldout-worlds"))) {
            files = walk.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertEquals(13, files.size(), files.toString());
        for (Path file : files) {
            World world = new SimWorldFactory().create(SimWorlds.ref(file.toString(), SimulationConfig.session(1)));
            assertTrue(world.label().matches("simulated world '(heldout|shape)\\d+'"), world.label());
            assertFalse(world.cases().sample(5, 1).isEmpty(), file.toString());
        }
    }

    @Test
    void theFactoryBuildsLabelledSimulatedPorts() {
        WorldFactory factory = new SimWorldFactory();
        assertTrue(factory.supports("sim"));
        assertFalse(factory.supports("real"));
        World world = factory.create(SimWorlds.ref("terminal", SimulationConfig.session(4)));
        assertEquals("simulated world 'terminal'", world.label());
        assertTrue(world.simulated());
        assertTrue(world.cases().describe().contains("simulated"));
        assertEquals(3 * 0.002, world.judge().maxCostPerCaseUsd(), 1e-12);

        Case c = world.cases().sample(1, 1).get(0);
        String source = world.materializer().baselineSource();
        var result = world.runner().run(source, c).toCompletableFuture().join();
        var verdict = world.judge().judge(c, result, 0).toCompletableFuture().join();
        assertTrue(verdict.reason().startsWith("[simulated judge]"), verdict.reason());
    }

    @Test
    void theFactoryIsAService() {
        assertTrue(ServiceLoader.load(WorldFactory.class).stream().anyMatch(p -> p.type() == SimWorldFactory.class));
    }

    @Test
    void settingsOverrideTheWorldAndBadOnesAreRefused() {
        var definition = TestWorlds.definition("terminal");
        SimSettings settings = SimSettings.from(Map.of("judge.flipRate", "0.2", "proposer.insight", "1",
                "latencyMs", "5", "editFailureRate", "0.1", "judge.vagueRate", "0"), definition);
        assertEquals(new SimSettings(1, 0.2, 0, 1, 1.0, 5, 0.1), settings);
        assertEquals(0.05, SimSettings.defaults(definition).flipRate());

        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> SimSettings.from(Map.of("judge.flips", "0.2"), definition));
        assertTrue(unknown.getMessage().contains("judge.flipRate"), unknown.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> SimSettings.from(Map.of("seed", "abc"), definition));
        assertTrue(bad.getMessage().contains("seed"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SimSettings.from(Map.of("judge.flipRate", "0.7"), definition));
    }

    @Test
    void aMalformedDefinitionNamesTheWorld() {
        WorldSpec ref = new WorldSpec("sim", "terminal", SimWorlds.definition("terminal").replace("flipRate: 0.05", "flipRate: x"), Map.of());
        WorldDefinitionException e = assertThrows(WorldDefinitionException.class, () -> new SimWorldFactory().create(ref));
        assertTrue(e.getMessage().startsWith("terminal.yaml line "), e.getMessage());
        assertEquals("judge.flipRate", e.field());
    }
}
