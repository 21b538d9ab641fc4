package io.alp.sim.behaviour;

import io.alp.sim.agent.KnobChange;
import io.alp.sim.world.AgentSpec;
import io.alp.sim.world.Category;
import io.alp.sim.world.KnobKind;
import io.alp.sim.world.MemoryPolicy;
import io.alp.sim.world.Need;
import io.alp.sim.world.WorldDefinition;

import java.util.List;
import java.util.Optional;

/**
 * What most holds an agent back on a category: the unmet need with the largest bonus, or the context a memory
 * policy drops when that costs more; failing both, the model's own skill.
 */
public final class Diagnosis {

    static final String LOST_CONTEXT = "the agent lost information from earlier in the context";

    private final OutcomeModel model;
    private final WorldDefinition world;

    public Diagnosis(OutcomeModel model) {
        this.model = model;
        this.world = model.world();
    }

    public Shortfall mainShortfall(AgentSpec spec, int category) {
        Category declared = world.categories().get(category);
        List<Need> needs = declared.needs();
        double heaviest = 0;
        Shortfall main = null;
        String routed = world.models().get(spec.modelFor(category)).name();
        for (int i = 0; i < needs.size(); i++) {
            Need need = needs.get(i);
            double bonus = need.bonusFor(routed);
            if (bonus > heaviest && !model.isMet(category, i, spec.harness())) {
                heaviest = bonus;
                main = new Shortfall(need.symptom(), Optional.of(remedyFor(need)));
            }
        }
        if (declared.longContext()) {
            int best = leastPenalizedMemory();
            double lost = penalty(spec.harness().memory()) - penalty(best);
            if (lost > heaviest) {
                main = new Shortfall(LOST_CONTEXT,
                        Optional.of(KnobChange.select(KnobKind.MEMORY, world.memories().get(best).name())));
            }
        }
        return main != null ? main : modelShortfall(spec, category);
    }

    private KnobChange remedyFor(Need need) {
        return need.kind().isToggle()
                ? KnobChange.toggle(need.kind(), need.remedyValue(), true)
                : KnobChange.select(need.kind(), need.remedyValue());
    }

    private Shortfall modelShortfall(AgentSpec spec, int category) {
        int current = spec.modelFor(category);
        String categoryName = world.categories().get(category).name();
        String symptom = "the model `" + world.models().get(current).name() + "` could not solve this "
                + categoryName + " task";
        return new Shortfall(symptom, strongerModel(current, category)
                .map(m -> KnobChange.route(categoryName, world.models().get(m).name())));
    }

    /** The least skilled of the models more skilled than the current one on this category. */
    public Optional<Integer> strongerModel(int current, int category) {
        double skill = skill(current, category);
        Integer next = null;
        for (int m = 0; m < world.models().size(); m++) {
            if (skill(m, category) > skill && (next == null || skill(m, category) < skill(next, category))) {
                next = m;
            }
        }
        return Optional.ofNullable(next);
    }

    private double skill(int model, int category) {
        return world.models().get(model).skill().get(category);
    }

    private int leastPenalizedMemory() {
        List<MemoryPolicy> memories = world.memories();
        int best = 0;
        for (int i = 1; i < memories.size(); i++) {
            if (penalty(i) < penalty(best)) {
                best = i;
            }
        }
        return best;
    }

    private double penalty(int memory) {
        return world.memories().get(memory).longContextPenalty();
    }
}
