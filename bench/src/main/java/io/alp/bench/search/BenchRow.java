package io.alp.bench.search;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * One search method on one seed of one world, scored against the exact oracle (SIMULATED). Serializes with Jackson
 * as {@code {world, method, seed, hypervolumeRatio, bestPassRate, cheapestNearBestUsd, spentUsd, evaluationUsd,
 * evaluations, reportedTrueGap, frontierMoves, budgetUsd, oracleBestPassRate, bestEvaluatedPassRate, missing}},
 * {@code stopReason} for ALP, and {@code tree} when it holds ALP's search tree ({@link #withoutTree}).
 *
 * @param world               the simulated world's name or file, as given
 * @param hypervolumeRatio    hypervolume of the reported points at their true values over the oracle frontier's
 * @param bestPassRate        the highest true pass-rate among the reported points
 * @param cheapestNearBestUsd the lowest true cost per case among reported points within 0.01 of bestPassRate
 * @param spentUsd            what the method spent: agent runs, judging and proposer calls
 * @param evaluationUsd       what its evaluations (agent runs and judging) cost, minibatches included
 * @param evaluations         (candidate, case) evaluations run, minibatch ones included
 * @param reportedTrueGap     mean |reported - true| pass-rate over the reported points
 * @param frontierMoves       evaluated candidates that truly enlarged the hypervolume of those evaluated before
 * @param budgetUsd           the method's budget on this seed
 * @param oracleBestPassRate  the highest true pass-rate of any configuration on this seed's dataset
 * @param bestEvaluatedPassRate the highest true pass-rate of any candidate the method evaluated on every case,
 *                              reported or not (above the best reported: the method found better than it reported)
 * @param missing             what the best configuration evaluated lacks against the oracle's best ({@link TopGap})
 * @param stopReason          for ALP, why its session stopped ({@code budget_exhausted}, {@code frontier_stalled},
 *                            {@code no_candidates}, ...); null for the baselines, which run until their budget is spent
 * @param tree                for ALP, every node of its search tree with its true pass-rate; empty otherwise
 */
public record BenchRow(String world, String method, long seed, double hypervolumeRatio, double bestPassRate,
                       double cheapestNearBestUsd, double spentUsd, double evaluationUsd, long evaluations,
                       double reportedTrueGap, int frontierMoves, double budgetUsd,
                       double oracleBestPassRate, double bestEvaluatedPassRate, List<MissingChange> missing,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String stopReason,
                       @JsonInclude(JsonInclude.Include.NON_EMPTY) List<TreeNodeRow> tree) {

    public BenchRow {
        missing = List.copyOf(missing);
        tree = List.copyOf(tree);
    }

    /** This row without its search tree, as printed unless the tree is asked for. */
    public BenchRow withoutTree() {
        return new BenchRow(world, method, seed, hypervolumeRatio, bestPassRate, cheapestNearBestUsd, spentUsd,
                evaluationUsd, evaluations, reportedTrueGap, frontierMoves, budgetUsd, oracleBestPassRate,
                bestEvaluatedPassRate, missing, stopReason, List.of());
    }

    /** Evaluation dollars per true frontier improvement. */
    public double evaluationUsdPerFrontierMove() {
        return frontierMoves == 0 ? Double.NaN : evaluationUsd / frontierMoves;
    }

    /** How far the best true pass-rate reported falls short of the oracle's best (a fraction, 0 at the top). */
    public double bestShortfall() {
        return oracleBestPassRate - bestPassRate;
    }
}
