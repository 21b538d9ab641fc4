package io.alp.bench.search;

import io.alp.engine.frontier.Pareto;
import io.alp.engine.frontier.Point;
import io.alp.engine.model.Case;
import io.alp.sim.oracle.Oracle;
import io.alp.sim.oracle.TrueScore;

import java.util.ArrayList;
import java.util.List;

/**
 * Scores what a search reports against the exact oracle on one frozen dataset: each point a method reports (its
 * frontier, at the pass-rates it claims) is placed at its true (ground-truth) point. Hypervolumes use the reference
 * point (pass 0, twice the baseline's true cost per case).
 */
final class BenchScorer {

    /** How far below the best true pass-rate a point may be and still count as "near the best". */
    static final double NEAR_BEST = 0.01;

    private final Oracle oracle;
    private final List<Case> cases;
    private final double refCost;
    private final double oracleHypervolume;
    private final double oracleBestPassRate;

    BenchScorer(Oracle oracle, List<Case> cases) {
        this.oracle = oracle;
        this.cases = List.copyOf(cases);
        this.refCost = 2 * oracle.trueScore(oracle.baselineSource(), cases).costPerCase();
        List<Point> exact = oracle.frontier(cases).frontier().stream()
                .map(p -> Point.of(p.passRate(), p.costPerCase())).toList();
        this.oracleHypervolume = Pareto.hypervolume(exact, 0, refCost);
        this.oracleBestPassRate = exact.stream().mapToDouble(Point::passRate).max().orElse(Double.NaN);
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
        List<Evaluated> reported = result.reported();
        List<Point> truth = new ArrayList<>();
        double gap = 0;
        for (Evaluated e : reported) {
            Point t = truePoint(e.source());
            truth.add(t);
            gap += Math.abs(e.passRate() - t.passRate());
        }
        double best = truth.stream().mapToDouble(Point::passRate).max().orElse(Double.NaN);
        double cheapestNearBest = truth.stream().filter(p -> p.passRate() >= best - NEAR_BEST)
                .mapToDouble(Point::cost).min().orElse(Double.NaN);
        return new BenchRow(world, method, seed, Pareto.hypervolume(truth, 0, refCost) / oracleHypervolume, best,
                cheapestNearBest, result.spentUsd(), result.evaluationUsd(), result.evaluations(),
                reported.isEmpty() ? Double.NaN : gap / reported.size(), frontierMoves(result.evaluated()), budgetUsd,
                oracleBestPassRate);
    }

    /**
     * How many candidates, in the order they were evaluated, truly improved on what came before: placed at their
     * true points, they enlarged the hypervolume of the candidates evaluated earlier. A lucky sample is no move.
     */
    int frontierMoves(List<Evaluated> evaluated) {
        List<Point> seen = new ArrayList<>();
        double hv = 0;
        int moves = 0;
        for (Evaluated e : evaluated) {
            seen.add(truePoint(e.source()));
            double now = Pareto.hypervolume(seen, 0, refCost);
            moves += now > hv + 1e-12 ? 1 : 0;
            hv = now;
        }
        return moves;
    }

    private Point truePoint(String source) {
        TrueScore t = oracle.trueScore(source, cases);
        return Point.of(t.passRate(), t.costPerCase());
    }
}
