package io.alp.sim.bench;

import io.alp.engine.model.Dataset;
import io.alp.engine.model.Outcome;
import io.alp.engine.model.Score;
import io.alp.engine.port.World;
import io.alp.engine.search.LocalSearch;
import io.alp.engine.search.SearchConfig;
import io.alp.engine.tree.TreeNode;

import java.util.ArrayList;
import java.util.List;

/** ALP's own search, exactly as a session runs it ({@link LocalSearch} with the given config). */
final class AlpSearch implements SearchMethod {

    private final SearchConfig config;

    AlpSearch(SearchConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "alp";
    }

    @Override
    public MethodResult run(World world, Dataset dataset, double budgetUsd, long seed) {
        LocalSearch search = new LocalSearch(world, dataset, config, budgetUsd, seed).run();
        List<Evaluated> evaluated = new ArrayList<>();
        for (TreeNode node : search.state().tree().nodes()) {
            List<Outcome> outcomes = search.outcomes(node.id());
            if (node.score() != null && outcomes.size() == dataset.size()) {
                Score measured = Score.of(outcomes);
                evaluated.add(new Evaluated(node.sourceRef(), measured.passRate(), measured.costPerCase()));
            }
        }
        return new MethodResult(evaluated, search.state().ledger().spentUsd(), search.evaluations());
    }
}
