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
import java.util.Map;

/** ALP's own search, exactly as a session runs it ({@link LocalSearch} with the given config). */
final class AlpSearch implements SearchMethod {

    /** ALP's judge setting: an adaptive majority of three samples. */
    static final Map<String, String> JUDGE = Map.of("judge.samples", "3");

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

    @Override
    public Map<String, String> settings() {
        return JUDGE;
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
