package io.alp.bench.search;

import io.alp.engine.model.Edit;
import io.alp.sim.agent.Neighbourhood;
import io.alp.sim.agent.SpecCodec;
import io.alp.sim.world.WorldDefinition;

import java.util.List;

/** Every single-knob edit the simulated materializer accepts that changes a given source. */
final class SingleEdits {

    private final WorldDefinition world;
    private final SpecCodec codec;

    SingleEdits(WorldDefinition world) {
        this.world = world;
        this.codec = new SpecCodec(world);
    }

    List<Edit> of(String source) {
        return Neighbourhood.of(codec.parse(source), world).stream()
                .map(change -> change.toEdit("[bench] set " + change.knob() + " to " + change.value()))
                .toList();
    }
}
