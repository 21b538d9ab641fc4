package io.alp.bench.search;

import io.alp.engine.frontier.Pareto;
import io.alp.engine.frontier.Point;
import io.alp.engine.model.Case;
import io.alp.sim.oracle.FrontierPoint;
import io.alp.sim.oracle.Oracle;
import io.alp.sim.oracle.TrueScore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores what a search reports against the exact oracle on one frozen dataset: each point a method reports (its
 * frontier, at the pass-rates it claims) is placed at its true (ground-truth) point. Hypervolumes use the reference
 * point (pass 0, twice the baseline's true cost per case). The best configuration a method evaluated is compared
 * with the oracle's best ({@link TopGap}).
 */
final class BenchScorer {

    /** How far below the best true pass-rate a point may be and still count as "near the best". */
    static final double NEAR_BEST = 0.01;

    private final Oracle oracle;
    private final List<Case> cases;
    private final double refCost;
    private final double oracleHypervolume;
    private final double oracleBestPassRate;
    private final TopGap topGap;

    BenchScorer(Oracle oracle, List<Case> cases) {
        this.oracle = oracle;
        this.cases = List.copyOf(cases);
        this.refCost = 2 * oracle.trueScore(oracle.baselineSource(), cases).costPerCase();
        List<FrontierPoint> frontier = oracle.frontier(cases).frontier();
        List<Point> exact = frontier.stream().map(p -> Point.of(p.passRate(), p.costPerCase())).toList();
        this.oracleHypervolume = Pareto.hypervolume(exact, 0, refCost);
        FrontierPoint best = frontier.stream().max(Comparator.comparingDouble(FrontierPoint::passRate)).orElseThrow();
        this.oracleBestPassRate = best.passRate();
        this.topGap = new TopGap(oracle, cases, best.config());
    }

    double refCost() {
        return refCost;
    }

    double oracleHypervolume() {
        return oracleHypervolume;
    }

    double oracleBestPassRate() {
        return oracleBestPassRate;
    }

    BenchRow score(String world, String method, long seed, double budgetUsd, MethodResult result) {
        Map<String, Point> known = new HashMap<>();
        List<Evaluated> reported = result.reported();
        List<Point> truth = new ArrayList<>();
        double gap = 0;
        for (Evaluated e : reported) {
            Point t = truePoint(e.source(), known);
            truth.add(t);
            gap += Math.abs(e.passRate() - t.passRate());
        }
        double best = truth.stream().mapToDouble(Point::passRate).max().orElse(Double.NaN);
        double cheapestNearBest = truth.stream().filter(p -> p.passRate() >= best - NEAR_BEST)
                .mapToDouble(Point::cost).min().orElse(Double.NaN);
        int moves = frontierMoves(result.evaluated(), known);
        List<String> sources = result.evaluated().stream().map(Evaluated::source).toList();
        String bestEvaluated = sources.stream()
                .max(Comparator.comparingDouble(s -> truePoint(s, known).passRate())).orElse(null);
        double bestEvaluatedTrue = bestEvaluated == null ? Double.NaN : known.get(bestEvaluated).passRate();
        return new BenchRow(world, method, seed, Pareto.hypervolume(truth, 0, refCost) / oracleHypervolume, best,
                cheapestNearBest, result.spentUsd(), result.evaluationUsd(), result.evaluations(),
                reported.isEmpty() ? Double.NaN : gap / reported.size(), moves, budgetUsd, oracleBestPassRate,
                bestEvaluatedTrue,
                bestEvaluated == null ? List.of() : topGap.missing(bestEvaluated, bestEvaluatedTrue, sources),
                result.stopReason(),
                result.tree().stream().map(n -> result.treeSources().containsKey(n.node())
                        ? n.withTruePassRate(truePoint(result.treeSources().get(n.node()), known).passRate()) : n)
                        .toList());
    }

    /**
     * How many candidates, in the order they were evaluated, truly improved on what came before: placed at their
     * true points, they enlarged the hypervolume of the candidates evaluated earlier. A lucky sample is no move.
     */
    int frontierMoves(List<Evaluated> evaluated) {
        return frontierMoves(evaluated, new HashMap<>());
    }

    private int frontierMoves(List<Evaluated> evaluated, Map<String, Point> known) {
        List<Point> seen = new ArrayList<>();
        double hv = 0;
        int moves = 0;
        for (Evaluated e : evaluated) {
            seen.add(truePoint(e.source(), known));
            double now = Pareto.hypervolume(seen, 0, refCost);
            moves += now > hv + 1e-12 ? 1 : 0;
            hv = now;
        }
        return moves;
    }

    /** A source's true point, computed once per scored row ({@code known}). */
    private Point truePoint(String source, Map<String, Point> known) {
        return known.computeIfAbsent(source, s -> {
            TrueScore t = oracle.trueScore(s, cases);
            return Point.of(t.passRate(), t.costPerCase());
        });
    }
}
