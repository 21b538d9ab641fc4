package io.alp.bench.search;

import io.alp.engine.budget.SpendKind;
import io.alp.engine.model.Dataset;
import io.alp.engine.model.Edit;
import io.alp.engine.model.Outcome;
import io.alp.engine.port.World;
import io.alp.engine.search.LocalSearch;
import io.alp.engine.search.OptimizerConfig;
import io.alp.engine.search.Round;
import io.alp.engine.search.RoundKind;
import io.alp.engine.search.SearchConfig;
import io.alp.engine.search.SearchState;
import io.alp.engine.search.StopReason;
import io.alp.engine.tree.TreeNode;
import io.alp.sim.SimulationConfig;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
        Map<String, String> sources = new HashMap<>();
        for (TreeNode node : search.state().tree().nodes()) {
            if (node.score() != null) {
                evaluated.add(new Evaluated(node.sourceRef(), node.score().passRate(), node.score().costPerCase()));
            }
            if (node.sourceRef() != null) {
                sources.put(node.id(), node.sourceRef());
            }
        }
        List<Evaluated> reported = new ArrayList<>();
        for (String id : search.state().frontier()) {
            TreeNode node = search.state().tree().get(id);
            reported.add(new Evaluated(node.sourceRef(), search.frontier().estimate(id).mean(),
                    node.score().costPerCase()));
        }
        return new MethodResult(evaluated, reported, search.state().ledger().spentUsd(),
                search.state().ledger().spentUsd(SpendKind.EVALUATION), search.evaluations(), tree(search),
                sources, search.state().stopReason().map(StopReason::code).orElse(null));
    }

    /** Every node of the search's tree, in tree order, as {@link TreeNodeRow}s without their true pass-rates. */
    static List<TreeNodeRow> tree(LocalSearch search) {
        SearchState state = search.state();
        Map<String, Round> rounds = new HashMap<>();
        state.rounds().forEach(r -> rounds.put(r.id(), r));
        List<TreeNodeRow> rows = new ArrayList<>();
        for (TreeNode node : state.tree().nodes()) {
            Round round = node.roundId() == null ? null : rounds.get(node.roundId());
            String served = round == null ? null : round.kind() == RoundKind.COMPOUND ? "compound"
                    : round.goal().name().toLowerCase(Locale.ROOT);
            List<Outcome> outcomes = search.outcomes(node.id());
            boolean onFrontier = state.frontier().contains(node.id());
            rows.add(new TreeNodeRow(node.id(), node.parentId(), node.origin().name().toLowerCase(Locale.ROOT),
                    served, node.status().name().toLowerCase(Locale.ROOT), changes(node.edit()), outcomes.size(),
                    search.evaluationUsd(node.id()),
                    node.score() == null ? null : node.score().passRate(),
                    onFrontier ? search.frontier().estimate(node.id()).mean() : null, null,
                    node.score() == null ? null : node.score().costPerCase(), onFrontier, node.failure()));
        }
        return rows;
    }

    /** An edit as the knob changes it makes ({@code knob=value}; its description when it names no knob). */
    static String changes(Edit edit) {
        if (edit == null) {
            return "baseline";
        }
        return String.join(" + ", edit.parts().stream().map(part -> part.payload().containsKey("knob")
                ? part.payload().get("knob") + "=" + part.payload().getOrDefault("value", "")
                : part.description()).toList());
    }
}
