package io.alp.bench.search;

import io.alp.engine.model.Case;
import io.alp.sim.agent.KnobChange;
import io.alp.sim.agent.Neighbourhood;
import io.alp.sim.agent.SpecCodec;
import io.alp.sim.oracle.FrontierPoint;
import io.alp.sim.oracle.Oracle;
import io.alp.sim.oracle.TrueScore;
import io.alp.sim.world.AgentSpec;
import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchScorerTest {

    private final Oracle oracle = Oracle.of("support");
    private final List<Case> cases = oracle.sample(3, 60);
    private final BenchScorer scorer = new BenchScorer(oracle, cases);
    private final List<FrontierPoint> exact = oracle.frontier(cases).frontier();

    @Test
    void theOraclesOwnFrontierScoresExactlyOne() {
        List<Evaluated> all = exact.stream().map(p -> new Evaluated(p.config(), p.passRate(), p.costPerCase()))
                .toList();
        BenchRow row = scorer.score("support", "oracle", 3, 100, MethodResult.measured(all, 0, 0, 0));
        assertEquals(1.0, row.hypervolumeRatio(), 1e-9);
        double best = exact.stream().mapToDouble(FrontierPoint::passRate).max().orElseThrow();
        assertEquals(best, row.bestPassRate(), 1e-12);
        double cheapestNearBest = exact.stream().filter(p -> p.passRate() >= best - BenchScorer.NEAR_BEST)
                .mapToDouble(FrontierPoint::costPerCase).min().orElseThrow();
        assertEquals(cheapestNearBest, row.cheapestNearBestUsd(), 1e-12);
        assertEquals(0, row.reportedTrueGap(), 1e-12);
    }

    @Test
    void theBaselineAloneCoversPartOfTheOracleHypervolume() {
        TrueScore truth = oracle.trueScore(oracle.baselineSource(), cases);
        Evaluated baseline = new Evaluated(oracle.baselineSource(), truth.passRate() + 0.05, truth.costPerCase());
        BenchRow row = scorer.score("support", "baseline", 3, 100, MethodResult.measured(List.of(baseline), 12.5, 10.0, 60));
        assertTrue(row.hypervolumeRatio() > 0 && row.hypervolumeRatio() < 1, "ratio " + row.hypervolumeRatio());
        assertEquals(truth.passRate(), row.bestPassRate(), 1e-12);
        assertEquals(truth.costPerCase(), row.cheapestNearBestUsd(), 1e-12);
        assertEquals(0.05, row.reportedTrueGap(), 1e-12);
        assertEquals(12.5, row.spentUsd());
        assertEquals(10.0, row.evaluationUsd());
        assertEquals(60, row.evaluations());
        assertEquals(2 * truth.costPerCase(), scorer.refCost(), 1e-12);
    }

    @Test
    void onlyWhatIsNonDominatedByMeasurementIsReported() {
        TrueScore truth = oracle.trueScore(oracle.baselineSource(), cases);
        Evaluated baseline = new Evaluated(oracle.baselineSource(), truth.passRate(), truth.costPerCase());
        FrontierPoint top = exact.stream().max(Comparator.comparingDouble(FrontierPoint::passRate)).orElseThrow();
        // truly the best configuration, but measured (unluckily) below and above the baseline: not reported
        Evaluated unlucky = new Evaluated(top.config(), truth.passRate() - 0.1, truth.costPerCase() + 0.01);
        Evaluated sameSourceAgain = new Evaluated(oracle.baselineSource(), truth.passRate(), truth.costPerCase());
        assertEquals(List.of(baseline), MethodResult.nonDominatedDistinct(List.of(baseline, unlucky, sameSourceAgain)));
        BenchRow row = scorer.score("support", "m", 3, 100, MethodResult.measured(List.of(baseline, unlucky), 0, 0, 0));
        assertEquals(truth.passRate(), row.bestPassRate(), 1e-12);
        // found but not reported: the best evaluated is the oracle's best, and it lacks nothing
        assertEquals(top.passRate(), row.bestEvaluatedPassRate(), 1e-12);
        assertEquals(List.of(), row.missing());
    }

    @Test
    void theBestEvaluatedLacksExactlyTheChangesThatMakeItTheOraclesBest() {
        SpecCodec codec = new SpecCodec(oracle.world());
        FrontierPoint top = exact.stream().max(Comparator.comparingDouble(FrontierPoint::passRate)).orElseThrow();
        String baselineSource = oracle.baselineSource();
        TrueScore truth = oracle.trueScore(baselineSource, cases);
        AgentSpec baseline = codec.parse(baselineSource);
        Map<String, KnobChange> byName = new HashMap<>();
        Neighbourhood.of(baseline, oracle.world()).forEach(c -> byName.put(c.knob() + "=" + c.value(), c));
        // a configuration one of those changes away, evaluated but measured below the baseline
        KnobChange some = Neighbourhood.of(baseline, oracle.world()).stream()
                .filter(c -> Neighbourhood.changesNothing(c, codec.parse(top.config()), oracle.world()))
                .findFirst().orElseThrow();
        String other = codec.format(some.applyTo(baseline, oracle.world()));
        boolean otherIsWorse = oracle.trueScore(other, cases).passRate() < truth.passRate();
        List<Evaluated> evaluated = List.of(new Evaluated(baselineSource, truth.passRate(), truth.costPerCase()),
                new Evaluated(other, 0, truth.costPerCase()));

        BenchRow row = scorer.score("support", "m", 3, 100, MethodResult.measured(evaluated, 0, 0, 0));

        String best = otherIsWorse ? baselineSource : other;
        double bestTrue = oracle.trueScore(best, cases).passRate();
        assertEquals(bestTrue, row.bestEvaluatedPassRate(), 1e-12);
        AgentSpec moved = codec.parse(best);
        double previous = Double.POSITIVE_INFINITY;
        for (MissingChange m : row.missing()) {
            KnobChange change = byName.get(m.change());
            assertTrue(change != null, m.change());
            String alone = codec.format(change.applyTo(codec.parse(best), oracle.world()));
            assertEquals(oracle.trueScore(alone, cases).passRate() - bestTrue, m.trueGain(), 1e-12, m.change());
            // only the other configuration holds a missing setting, and only while it is not the best itself
            assertEquals(otherIsWorse && change.equals(some), m.evaluated(), m.change());
            assertTrue(m.trueGain() <= previous, "largest gain first");
            previous = m.trueGain();
            moved = change.applyTo(moved, oracle.world());
        }
        assertTrue(row.missing().size() >= 2, "the oracle's best is several changes from the baseline");
        assertEquals(codec.parse(top.config()), moved, "every missing change applied gives the oracle's best");
    }

    @Test
    void onlyTrueImprovementsCountAsFrontierMoves() {
        TrueScore truth = oracle.trueScore(oracle.baselineSource(), cases);
        FrontierPoint top = exact.stream().filter(p -> p.costPerCase() < truth.costPerCase())
                .max(Comparator.comparingDouble(FrontierPoint::passRate)).orElseThrow();
        Evaluated baseline = new Evaluated(oracle.baselineSource(), truth.passRate(), truth.costPerCase());
        // measured far above everything, but it is the baseline again: no true improvement
        Evaluated lucky = new Evaluated(oracle.baselineSource(), 0.99, truth.costPerCase());
        // measured below the baseline, but truly better and cheaper: a true improvement
        Evaluated unlucky = new Evaluated(top.config(), truth.passRate() - 0.1, top.costPerCase());
        assertEquals(2, scorer.frontierMoves(List.of(baseline, lucky, unlucky)));
    }

    @Test
    void nothingEvaluatedScoresZero() {
        BenchRow row = scorer.score("support", "m", 3, 100, MethodResult.measured(List.of(), 0, 0, 0));
        assertEquals(0, row.hypervolumeRatio());
        assertTrue(Double.isNaN(row.bestPassRate()) && Double.isNaN(row.reportedTrueGap()));
    }
}
