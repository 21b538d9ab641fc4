package io.alp.sim;

import io.alp.engine.model.Edit;
import io.alp.engine.port.Materialized;
import io.alp.engine.port.Materializer;
import io.alp.sim.agent.KnobChange;
import io.alp.sim.behaviour.StableRandom;
import io.alp.sim.world.AgentSpec;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Applies a one-knob edit to a simulated agent source. With the {@code editFailureRate} setting, some edits fail
 * to apply, always the same ones for the same (parent, edit), as a real worker sometimes would.
 */
public final class SimMaterializer implements Materializer {

    private final SimWorld world;

    public SimMaterializer(SimWorld world) {
        this.world = world;
    }

    @Override
    public String baselineSource() {
        return world.codec().format(world.definition().baseline());
    }

    @Override
    public CompletionStage<Materialized> apply(String parentSource, Edit edit) {
        return CompletableFuture.completedFuture(materialize(parentSource, edit));
    }

    private Materialized materialize(String parentSource, Edit edit) {
        AgentSpec parent;
        KnobChange change;
        try {
            parent = world.codec().parse(parentSource);
            change = KnobChange.fromEdit(edit, world.definition());
        } catch (IllegalArgumentException e) {
            return Materialized.failed(e.getMessage().startsWith("[simulated]") ? e.getMessage()
                    : "[simulated] " + e.getMessage(), 0);
        }
        String canonicalParent = world.codec().format(parent);
        if (StableRandom.uniform(world.settings().seed(), "edit-failure", canonicalParent, edit.key())
                < world.settings().editFailureRate()) {
            return Materialized.failed("[simulated] the worker could not apply the edit of knob `" + change.knob()
                    + "` to this version (simulated edit failure)", 0);
        }
        return Materialized.ok(world.codec().format(change.applyTo(parent, world.definition())), 0);
    }
}
