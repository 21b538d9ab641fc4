package io.alp.bench.search;

import io.alp.engine.budget.SpendKind;
import io.alp.engine.model.Dataset;
import io.alp.engine.port.World;
import io.alp.engine.search.LocalSearch;
import io.alp.engine.search.OptimizerConfig;
import io.alp.engine.search.SearchConfig;
import io.alp.engine.tree.TreeNode;
import io.alp.sim.SimulationConfig;

import java.util.ArrayList;
import java.util.List;

/** ALP's own search, exactly as a session runs it ({@link LocalSearch} with the given config). */
final class AlpSearch implements SearchMethod {

    private final String name;
    private final SearchConfig config;

    AlpSearch(String name, SearchConfig config) {
        this.name = name;
        this.config = config;
    }

    @Override
    public String name() {
        return name;
    }

    /** ALP's judge: an adaptive majority of three samples, as a session's. */
    @Override
    public SimulationConfig settings(SimulationConfig world) {
        return judged(world);
    }

    static SimulationConfig judged(SimulationConfig world) {
        return world.withJudgeSamples(SimulationConfig.SESSION_JUDGE_SAMPLES);
    }

    /** Reports its frontier, each node at the pass-rate ALP estimates for it from the whole tree. */
    @Override
    public MethodResult run(World world, Dataset dataset, double budgetUsd, long seed) {
        LocalSearch search = new LocalSearch(world, dataset, new OptimizerConfig(config, budgetUsd), seed).run();
        List<Evaluated> evaluated = new ArrayList<>();
        for (TreeNode node : search.state().tree().nodes()) {
            if (node.score() != null) {
                evaluated.add(new Evaluated(node.sourceRef(), node.score().passRate(), node.score().costPerCase()));
            }
        }
        List<Evaluated> reported = new ArrayList<>();
        for (String id : search.state().frontier()) {
            TreeNode node = search.state().tree().get(id);
            reported.add(new Evaluated(node.sourceRef(), search.frontier().estimate(id).mean(),
                    node.score().costPerCase()));
        }
        return new MethodResult(evaluated, reported, search.state().ledger().spentUsd(),
                search.state().ledger().spentUsd(SpendKind.EVALUATION), search.evaluations());
    }
}
