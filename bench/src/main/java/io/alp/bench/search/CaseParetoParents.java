package io.alp.bench.search;

import io.alp.engine.model.Case;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * GEPA's parent selection over per-case winners on pass-rate: a candidate wins a case when it passes it (the best
 * possible outcome on that case); candidates that win at least one case and whose won cases are not a strict
 * subset of another candidate's are drawn with weight = number of cases they win.
 */
final class CaseParetoParents {

    private CaseParetoParents() {
    }

    /**
     * @param eligible which candidates may still be parents; if no eligible candidate is on the per-case front, an
     *                 eligible one is drawn with weight 1 + cases won
     */
    static Optional<Candidate> select(List<Candidate> pool, List<Case> cases, Predicate<Candidate> eligible,
                                      SplittableRandom random) {
        List<BitSet> wins = pool.stream().map(c -> won(c, cases)).toList();
        List<Candidate> chosen = new ArrayList<>();
        List<Integer> weights = new ArrayList<>();
        for (int i = 0; i < pool.size(); i++) {
            if (eligible.test(pool.get(i)) && !wins.get(i).isEmpty() && !dominated(i, wins)) {
                chosen.add(pool.get(i));
                weights.add(wins.get(i).cardinality());
            }
        }
        if (chosen.isEmpty()) {
            for (int i = 0; i < pool.size(); i++) {
                if (eligible.test(pool.get(i))) {
                    chosen.add(pool.get(i));
                    weights.add(1 + wins.get(i).cardinality());
                }
            }
        }
        return draw(chosen, weights, random);
    }

    /** The cases this candidate passes, as indices into {@code cases}. */
    static BitSet won(Candidate candidate, List<Case> cases) {
        BitSet won = new BitSet(cases.size());
        for (int i = 0; i < cases.size(); i++) {
            if (candidate.passes(cases.get(i).id())) {
                won.set(i);
            }
        }
        return won;
    }

    /** Another candidate wins every case candidate {@code i} wins, and more. */
    private static boolean dominated(int i, List<BitSet> wins) {
        BitSet mine = wins.get(i);
        for (int j = 0; j < wins.size(); j++) {
            if (j != i && wins.get(j).cardinality() > mine.cardinality()) {
                BitSet missing = (BitSet) mine.clone();
                missing.andNot(wins.get(j));
                if (missing.isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Optional<Candidate> draw(List<Candidate> chosen, List<Integer> weights, SplittableRandom random) {
        int total = weights.stream().mapToInt(Integer::intValue).sum();
        if (chosen.isEmpty() || total <= 0) {
            return Optional.empty();
        }
        int point = random.nextInt(total);
        for (int i = 0; i < chosen.size(); i++) {
            point -= weights.get(i);
            if (point < 0) {
                return Optional.of(chosen.get(i));
            }
        }
        throw new IllegalStateException("weights do not add up to " + total);
    }
}
