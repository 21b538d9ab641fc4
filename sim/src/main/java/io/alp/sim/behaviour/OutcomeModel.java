package io.alp.sim.behaviour;

import io.alp.sim.world.AgentSpec;
import io.alp.sim.world.Category;
import io.alp.sim.world.Harness;
import io.alp.sim.world.Model;
import io.alp.sim.world.Need;
import io.alp.sim.world.WorldDefinition;

import java.util.List;

/**
 * The world's ground-truth formulas, precompiled to arrays because the oracle calls them millions of times.
 * Pass probability = logistic(model skill + bonuses of met needs (per routed model) - memory penalty on long
 * context - penalties of active interactions - difficulty);
 * tokens = (category base x case factor + clause and tool tokens) x scaffold factor x memory factor.
 */
public final class OutcomeModel {

    private final WorldDefinition world;
    private final double[][] skill;          // [model][category]
    private final CompiledNeed[][] needs;    // [category][need]
    private final CompiledInteraction[] interactions;
    private final boolean[] longContext;
    private final long[] baseIn;
    private final long[] baseOut;
    private final long[] clauseTokens;
    private final long[] toolTokens;
    private final double[] scaffoldFactor;
    private final double[] memoryIn;
    private final double[] memoryOut;
    private final double[] memoryPenalty;

    public OutcomeModel(WorldDefinition world) {
        this.world = world;
        List<Category> categories = world.categories();
        int nc = categories.size();
        skill = new double[world.models().size()][nc];
        for (int m = 0; m < skill.length; m++) {
            for (int c = 0; c < nc; c++) {
                skill[m][c] = world.models().get(m).skill().get(c);
            }
        }
        needs = new CompiledNeed[nc][];
        longContext = new boolean[nc];
        baseIn = new long[nc];
        baseOut = new long[nc];
        for (int c = 0; c < nc; c++) {
            Category category = categories.get(c);
            needs[c] = category.needs().stream().map(n -> CompiledNeed.of(n, world)).toArray(CompiledNeed[]::new);
            longContext[c] = category.longContext();
            baseIn[c] = category.inputTokens();
            baseOut[c] = category.outputTokens();
        }
        interactions = world.interactions().stream().map(i -> CompiledInteraction.of(i, world))
                .toArray(CompiledInteraction[]::new);
        clauseTokens = world.clauses().stream().mapToLong(k -> k.tokens()).toArray();
        toolTokens = world.tools().stream().mapToLong(k -> k.tokens()).toArray();
        scaffoldFactor = world.scaffolds().stream().mapToDouble(s -> s.tokenFactor()).toArray();
        memoryIn = world.memories().stream().mapToDouble(p -> p.inputFactor()).toArray();
        memoryOut = world.memories().stream().mapToDouble(p -> p.outputFactor()).toArray();
        memoryPenalty = world.memories().stream().mapToDouble(p -> p.longContextPenalty()).toArray();
    }

    public WorldDefinition world() {
        return world;
    }

    /** The pass logit before the case's difficulty is subtracted. */
    public double logit(Harness h, int model, int category) {
        double logit = skill[model][category];
        for (CompiledNeed need : needs[category]) {
            if (need.isMetBy(h)) {
                logit += need.bonus(model);
            }
        }
        if (longContext[category]) {
            logit -= memoryPenalty[h.memory()];
        }
        for (CompiledInteraction interaction : interactions) {
            if (interaction.isActive(h, model, category)) {
                logit -= interaction.penalty();
            }
        }
        return logit;
    }

    public double passProbability(AgentSpec spec, CaseProfile c) {
        return passProbability(logit(spec.harness(), spec.modelFor(c.category()), c.category()), c.difficulty());
    }

    public static double passProbability(double logit, double difficulty) {
        return 1.0 / (1.0 + Math.exp(difficulty - logit));
    }

    public TokenUsage usage(Harness h, int category, double tokenFactor) {
        double extraIn = 0;
        for (int i = 0; i < clauseTokens.length; i++) {
            if (h.hasClause(i)) {
                extraIn += clauseTokens[i];
            }
        }
        for (int i = 0; i < toolTokens.length; i++) {
            if (h.hasTool(i)) {
                extraIn += toolTokens[i];
            }
        }
        double calls = scaffoldFactor[h.scaffold()];
        long in = Math.round((baseIn[category] * tokenFactor + extraIn) * calls * memoryIn[h.memory()]);
        long out = Math.round(baseOut[category] * tokenFactor * calls * memoryOut[h.memory()]);
        return new TokenUsage(in, out);
    }

    public TokenUsage usage(AgentSpec spec, CaseProfile c) {
        return usage(spec.harness(), c.category(), c.tokenFactor());
    }

    public double costUsd(int model, TokenUsage usage) {
        Model priced = world.models().get(model);
        return priced.costUsd(usage.inputTokens(), usage.outputTokens());
    }

    public double costUsd(AgentSpec spec, CaseProfile c) {
        return costUsd(spec.modelFor(c.category()), usage(spec, c));
    }

    /** Exact maximum over every possible case: tokens grow with the token factor, which is capped. */
    public double maxCostPerCaseUsd(AgentSpec spec) {
        double max = 0;
        for (int c = 0; c < baseIn.length; c++) {
            TokenUsage most = usage(spec.harness(), c, CaseProfile.MAX_TOKEN_FACTOR);
            max = Math.max(max, costUsd(spec.modelFor(c), most));
        }
        return max;
    }

    /** Whether a need of a category is met by a harness (for diagnosis). */
    public boolean isMet(int category, int needIndex, Harness h) {
        return needs[category][needIndex].isMetBy(h);
    }

    /** A need with its values as a bit mask over the indices of its knob kind, and its bonus per model. */
    private record CompiledNeed(Need need, int valueMask, double[] bonusByModel) {

        static CompiledNeed of(Need need, WorldDefinition world) {
            int mask = 0;
            for (String value : need.values()) {
                mask |= 1 << world.valueIndex(need.kind(), value).getAsInt();
            }
            double[] bonus = world.models().stream().mapToDouble(m -> need.bonusFor(m.name())).toArray();
            return new CompiledNeed(need, mask, bonus);
        }

        double bonus(int model) {
            return bonusByModel[model];
        }

        boolean isMetBy(Harness h) {
            return switch (need.kind()) {
                case CLAUSE -> (h.clauses() & valueMask) != 0;
                case TOOL -> (h.tools() & valueMask) != 0;
                case SCAFFOLD -> (valueMask >>> h.scaffold() & 1) != 0;
                case MEMORY -> (valueMask >>> h.memory() & 1) != 0;
                case ROUTE -> false;
            };
        }
    }
}
