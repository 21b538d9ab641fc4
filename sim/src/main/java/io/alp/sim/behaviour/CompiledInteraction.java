package io.alp.sim.behaviour;

import io.alp.sim.world.Harness;
import io.alp.sim.world.Interaction;
import io.alp.sim.world.WorldDefinition;

/**
 * An {@link Interaction} as bit masks: clauses and tools that must all be on, the scaffolds and memory policies
 * allowed (two different scaffolds required at once leave none, and the interaction never applies), and the
 * categories and models it applies to.
 */
record CompiledInteraction(int clauses, int tools, int scaffolds, int memories, boolean[] categories,
                           boolean[] models, double penalty) {

    static CompiledInteraction of(Interaction interaction, WorldDefinition world) {
        int clauses = 0;
        int tools = 0;
        int scaffolds = -1;
        int memories = -1;
        for (Interaction.Condition c : interaction.when()) {
            int bit = 1 << world.valueIndex(c.kind(), c.value()).getAsInt();
            switch (c.kind()) {
                case CLAUSE -> clauses |= bit;
                case TOOL -> tools |= bit;
                case SCAFFOLD -> scaffolds &= bit;
                case MEMORY -> memories &= bit;
                case ROUTE -> throw new IllegalArgumentException("an interaction's condition is never a route");
            }
        }
        boolean[] categories = new boolean[world.categories().size()];
        for (int c = 0; c < categories.length; c++) {
            categories[c] = interaction.categories().isEmpty()
                    || interaction.categories().contains(world.categories().get(c).name());
        }
        boolean[] models = new boolean[world.models().size()];
        for (int m = 0; m < models.length; m++) {
            models[m] = interaction.models().isEmpty() || interaction.models().contains(world.models().get(m).name());
        }
        return new CompiledInteraction(clauses, tools, scaffolds, memories, categories, models,
                interaction.penalty());
    }

    boolean isActive(Harness h, int model, int category) {
        return (h.clauses() & clauses) == clauses && (h.tools() & tools) == tools
                && (scaffolds >>> h.scaffold() & 1) != 0 && (memories >>> h.memory() & 1) != 0
                && categories[category] && models[model];
    }
}
