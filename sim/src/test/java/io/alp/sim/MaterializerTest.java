package io.alp.sim;

import io.alp.engine.model.Edit;
import io.alp.engine.model.EditClass;
import io.alp.engine.port.Materialized;
import io.alp.sim.agent.KnobChange;
import io.alp.sim.agent.Neighbourhood;
import io.alp.sim.world.AgentSpec;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MaterializerTest {

    private final SimWorld world = TestWorlds.world("terminal");
    private final SimMaterializer materializer = new SimMaterializer(world);

    @Test
    void baselineIsTheWorldsBaseline() {
        String baseline = materializer.baselineSource();
        assertEquals("sim:clauses=;tools=;scaffold=none;memory=full;route=file-ops:frontier,git:frontier,"
                + "build-debug:frontier,data-processing:frontier,system-network:frontier", baseline);
        assertEquals(world.definition().baseline(), world.codec().parse(baseline));
    }

    @Test
    void sourcesRoundTripAndEqualSpecsGiveEqualStrings() {
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 1000; i++) {
            AgentSpec spec = TestWorlds.randomSpec(world.definition(), random);
            String source = world.codec().format(spec);
            assertEquals(spec, world.codec().parse(source));
            assertEquals(source, world.codec().format(world.codec().parse(source)));
        }
        String shuffled = "sim:route=system-network:frontier,git:mid,file-ops:frontier,build-debug:frontier,"
                + "data-processing:frontier;memory=full;scaffold=plan;tools=web_docs,build_log;clauses=";
        assertEquals("sim:clauses=;tools=build_log,web_docs;scaffold=plan;memory=full;route=file-ops:frontier,"
                + "git:mid,build-debug:frontier,data-processing:frontier,system-network:frontier",
                world.codec().format(world.codec().parse(shuffled)));
    }

    @Test
    void malformedSourcesAreRefusedWithTheReason() {
        String base = materializer.baselineSource();
        assertMessage("does not start with", () -> world.codec().parse("clauses=;tools="));
        assertMessage("unknown tool \"hammer\"", () -> world.codec().parse(base.replace("tools=;", "tools=hammer;")));
        assertMessage("field memory is missing", () -> world.codec().parse(base.replace("memory=full;", "")));
        assertMessage("no model for category \"git\"", () -> world.codec().parse(base.replace("git:frontier,", "")));
        assertMessage("unknown model \"gpt\"", () -> world.codec().parse(base.replace("git:frontier", "git:gpt")));
    }

    private static void assertMessage(String fragment, org.junit.jupiter.api.function.Executable parse) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, parse);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void everyEditChangesExactlyItsKnob() {
        String parent = materializer.baselineSource();
        AgentSpec before = world.codec().parse(parent);
        for (KnobChange change : Neighbourhood.of(before, world.definition())) {
            Materialized result = apply(parent, change.toEdit("test"));
            assertTrue(result.applied(), result.failure());
            AgentSpec after = world.codec().parse(result.sourceRef());
            assertNotEquals(before, after);
            int differences = (before.harness().clauses() != after.harness().clauses() ? 1 : 0)
                    + (before.harness().tools() != after.harness().tools() ? 1 : 0)
                    + (before.harness().scaffold() != after.harness().scaffold() ? 1 : 0)
                    + (before.harness().memory() != after.harness().memory() ? 1 : 0)
                    + (before.route().equals(after.route()) ? 0 : 1);
            assertEquals(1, differences, change.knob());
            assertEquals(result.sourceRef(), world.codec().format(change.applyTo(before, world.definition())));
        }
    }

    @Test
    void badPayloadsFailNamingTheKnob() {
        String parent = materializer.baselineSource();
        assertFailure(parent, edit(EditClass.TOOL, "tool:hammer", "on"), "tool:hammer");
        assertFailure(parent, edit(EditClass.PROMPT, "clause:verify_before_done", "maybe"), "clause:verify_before_done");
        assertFailure(parent, edit(EditClass.TOOL, "scaffold", "plan"), "scaffold");
        assertFailure(parent, edit(EditClass.SCAFFOLD, "scaffold", "waterfall"), "scaffold");
        assertFailure(parent, edit(EditClass.ROUTING, "route:git", "gpt-9"), "route");
        assertFailure(parent, edit(EditClass.ROUTING, "route:poetry", "mid"), "route:poetry");
        assertFailure(parent, edit(EditClass.OTHER, "temperature", "0"), "temperature");
        assertFailure(parent, Edit.of(EditClass.TOOL, "no payload", Map.of()), "payload");
        assertFailure("sim:nonsense", edit(EditClass.MEMORY, "memory", "window"), "invalid agent source");
    }

    private void assertFailure(String parent, Edit edit, String knob) {
        Materialized result = apply(parent, edit);
        assertFalse(result.applied());
        assertTrue(result.failure().contains(knob) && result.failure().contains("[simulated]"), result.failure());
    }

    @Test
    void editFailuresAreSimulatedAndDeterministic() {
        SimMaterializer alwaysFails = new SimMaterializer(TestWorlds.world("terminal", Map.of("editFailureRate", "1")));
        Materialized failed = alwaysFails.apply(materializer.baselineSource(), edit(EditClass.MEMORY, "memory", "window"))
                .toCompletableFuture().join();
        assertFalse(failed.applied());
        assertTrue(failed.failure().contains("simulated"), failed.failure());

        SimMaterializer half = new SimMaterializer(TestWorlds.world("terminal", Map.of("editFailureRate", "0.5")));
        SplittableRandom random = new SplittableRandom(2);
        int failures = 0;
        for (int i = 0; i < 400; i++) {
            String parent = TestWorlds.randomSource(world, random);
            Edit edit = Neighbourhood.of(world.codec().parse(parent), world.definition()).get(i % 10).toEdit("x");
            boolean first = half.apply(parent, edit).toCompletableFuture().join().applied();
            assertEquals(first, half.apply(parent, edit).toCompletableFuture().join().applied());
            failures += first ? 0 : 1;
        }
        assertEquals(200, failures, 40);
    }

    private Materialized apply(String parent, Edit edit) {
        return materializer.apply(parent, edit).toCompletableFuture().join();
    }

    private static Edit edit(EditClass editClass, String knob, String value) {
        return Edit.of(editClass, "test", Map.of("knob", knob, "value", value));
    }
}
