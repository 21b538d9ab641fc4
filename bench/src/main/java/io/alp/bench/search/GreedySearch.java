package io.alp.bench.search;

import io.alp.engine.model.Edit;
import io.alp.engine.model.Score;
import io.alp.engine.port.ProposalBatch;
import io.alp.engine.port.Reflection;
import io.alp.engine.port.ReflectionGoal;
import io.alp.engine.search.Reflections;
import io.alp.sim.behaviour.StableRandom;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Hill-climbing on measured pass-rate, with no cost objective: the proposer reflects on the current candidate,
 * every proposed child is evaluated on every case, and the climb moves to the best child whose measured pass-rate
 * beats the current one. When the proposer has nothing new for the current candidate, random single edits are
 * tried from it one at a time; when none is left, the climb has reached its local optimum and stops.
 */
final class GreedySearch extends PoolSearch {

    static final int BRANCHING = 3;

    private final SingleEdits singleEdits;

    GreedySearch(SingleEdits singleEdits) {
        this.singleEdits = singleEdits;
    }

    @Override
    public String name() {
        return "greedy";
    }

    @Override
    void search(MeteredWorld metered, Pool pool, SplittableRandom random, long seed) {
        Candidate current = pool.baseline();
        boolean proposerExhausted = false;
        for (int call = 0; ; call++) {
            List<Edit> edits;
            if (!proposerExhausted) {
                Reflection reflection = reflection(pool, current, StableRandom.hash(seed, name(), "call " + call));
                Optional<ProposalBatch> batch = metered.propose(reflection);
                if (batch.isEmpty()) {
                    break;
                }
                edits = Reflections.distinct(batch.get().edits(), reflection.exclude(), BRANCHING);
                proposerExhausted = edits.isEmpty();
            } else {
                edits = randomUntried(pool, current, random);
                if (edits.isEmpty()) {
                    break;
                }
            }
            Step step = climb(metered, pool, current, edits);
            if (step.next() != current) {
                current = step.next();
                proposerExhausted = false;
            }
            if (step.outOfBudget()) {
                break;
            }
        }
    }

    private record Step(Candidate next, boolean outOfBudget) {
    }

    /** Evaluates each child of {@code current}; the next candidate is the best child that beats it, if any. */
    private static Step climb(MeteredWorld metered, Pool pool, Candidate current, List<Edit> edits) {
        Candidate best = current;
        for (Edit edit : edits) {
            Children.Attempt attempt = Children.evaluateFully(metered, pool, current, edit);
            if (attempt.status() == Children.Status.OUT_OF_BUDGET) {
                return new Step(best, true);
            }
            if (attempt.status() == Children.Status.EVALUATED
                    && attempt.child().score().passRate() > best.score().passRate()) {
                best = attempt.child();
            }
        }
        return new Step(best, false);
    }

    private static Reflection reflection(Pool pool, Candidate current, long seed) {
        Score parentScore = pool.get(current.parentId()).map(Candidate::score).orElse(null);
        return Reflections.of(current.id(), current.source(), current.score(), parentScore, current.branchEdits(),
                current.on(pool.cases()), pool.cases(), pool.exclusions(current), BRANCHING, seed,
                ReflectionGoal.TOP);
    }

    private List<Edit> randomUntried(Pool pool, Candidate current, SplittableRandom random) {
        List<Edit> open = singleEdits.of(current.source()).stream().filter(e -> !pool.wasTried(current, e)).toList();
        return open.isEmpty() ? List.of() : List.of(open.get(random.nextInt(open.size())));
    }
}
