package io.alp.sim;

import io.alp.sim.agent.KnobChange;
import io.alp.sim.world.AgentSpec;
import io.alp.sim.world.Category;
import io.alp.sim.world.Harness;
import io.alp.sim.world.KnobKind;
import io.alp.sim.world.Model;
import io.alp.sim.world.WorldDefinition;

import java.util.ArrayList;
import java.util.List;

/**
 * The one-knob changes that make an agent cheaper: each category routed to the next cheaper model, a memory
 * policy that reads fewer input tokens, a scaffold with fewer calls; dropping a clause or tool only when there
 * is nothing else.
 */
final class CostCuts {

    private final WorldDefinition world;

    CostCuts(WorldDefinition world) {
        this.world = world;
    }

    List<KnobChange> of(AgentSpec spec) {
        List<KnobChange> cuts = new ArrayList<>();
        for (int c = 0; c < world.categories().size(); c++) {
            int cheaper = nextCheaperModel(spec.modelFor(c), world.categories().get(c));
            if (cheaper >= 0) {
                cuts.add(KnobChange.route(world.categories().get(c).name(), world.models().get(cheaper).name()));
            }
        }
        Harness h = spec.harness();
        double inputFactor = world.memories().get(h.memory()).inputFactor();
        world.memories().stream().filter(p -> p.inputFactor() < inputFactor)
                .forEach(p -> cuts.add(KnobChange.select(KnobKind.MEMORY, p.name())));
        double calls = world.scaffolds().get(h.scaffold()).tokenFactor();
        world.scaffolds().stream().filter(s -> s.tokenFactor() < calls)
                .forEach(s -> cuts.add(KnobChange.select(KnobKind.SCAFFOLD, s.name())));
        if (cuts.isEmpty()) {
            for (int i = 0; i < world.clauses().size(); i++) {
                if (h.hasClause(i)) {
                    cuts.add(KnobChange.toggle(KnobKind.CLAUSE, world.clauses().get(i).name(), false));
                }
            }
            for (int i = 0; i < world.tools().size(); i++) {
                if (h.hasTool(i)) {
                    cuts.add(KnobChange.toggle(KnobKind.TOOL, world.tools().get(i).name(), false));
                }
            }
        }
        return cuts;
    }

    /** Whether a change makes the agent cheaper: a cheaper model, memory policy or scaffold, or a part turned off. */
    boolean isCut(KnobChange change, AgentSpec spec) {
        Harness h = spec.harness();
        return switch (change.kind()) {
            case CLAUSE, TOOL -> change.value().equals(KnobChange.OFF);
            case MEMORY -> world.memories().get(world.valueIndex(KnobKind.MEMORY, change.value()).orElseThrow())
                    .inputFactor() < world.memories().get(h.memory()).inputFactor();
            case SCAFFOLD -> world.scaffolds().get(world.valueIndex(KnobKind.SCAFFOLD, change.value()).orElseThrow())
                    .tokenFactor() < world.scaffolds().get(h.scaffold()).tokenFactor();
            case ROUTE -> {
                int c = world.categoryIndex(change.target()).orElseThrow();
                Category category = world.categories().get(c);
                int to = world.modelIndex(change.value()).orElseThrow();
                yield price(world.models().get(to), category) < price(world.models().get(spec.modelFor(c)), category);
            }
        };
    }

    /** The most expensive of the models cheaper than the current one on this category's tokens; -1 if none. */
    private int nextCheaperModel(int current, Category category) {
        double currentCost = price(world.models().get(current), category);
        int next = -1;
        for (int m = 0; m < world.models().size(); m++) {
            double cost = price(world.models().get(m), category);
            if (cost < currentCost && (next < 0 || cost > price(world.models().get(next), category))) {
                next = m;
            }
        }
        return next;
    }

    private static double price(Model model, Category category) {
        return model.costUsd(category.inputTokens(), category.outputTokens());
    }
}
