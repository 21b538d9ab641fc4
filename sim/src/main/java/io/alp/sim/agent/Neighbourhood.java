package io.alp.sim.agent;

import io.alp.sim.world.AgentSpec;
import io.alp.sim.world.Harness;
import io.alp.sim.world.KnobKind;
import io.alp.sim.world.WorldDefinition;

import java.util.ArrayList;
import java.util.List;

/** Every single-knob change that actually changes a given spec. */
public final class Neighbourhood {

    private Neighbourhood() {
    }

    public static List<KnobChange> of(AgentSpec spec, WorldDefinition world) {
        Harness h = spec.harness();
        List<KnobChange> changes = new ArrayList<>();
        for (int i = 0; i < world.clauses().size(); i++) {
            changes.add(KnobChange.toggle(KnobKind.CLAUSE, world.clauses().get(i).name(), !h.hasClause(i)));
        }
        for (int i = 0; i < world.tools().size(); i++) {
            changes.add(KnobChange.toggle(KnobKind.TOOL, world.tools().get(i).name(), !h.hasTool(i)));
        }
        for (int i = 0; i < world.scaffolds().size(); i++) {
            if (i != h.scaffold()) {
                changes.add(KnobChange.select(KnobKind.SCAFFOLD, world.scaffolds().get(i).name()));
            }
        }
        for (int i = 0; i < world.memories().size(); i++) {
            if (i != h.memory()) {
                changes.add(KnobChange.select(KnobKind.MEMORY, world.memories().get(i).name()));
            }
        }
        for (int c = 0; c < world.categories().size(); c++) {
            for (int m = 0; m < world.models().size(); m++) {
                if (m != spec.modelFor(c)) {
                    changes.add(KnobChange.route(world.categories().get(c).name(), world.models().get(m).name()));
                }
            }
        }
        return changes;
    }

    /** Whether a change would leave the spec as it is. */
    public static boolean changesNothing(KnobChange change, AgentSpec spec, WorldDefinition world) {
        return change.applyTo(spec, world).equals(spec);
    }
}
