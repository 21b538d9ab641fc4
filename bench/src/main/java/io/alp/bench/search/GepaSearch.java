package io.alp.bench.search;

import io.alp.engine.model.Case;
import io.alp.engine.model.Edit;
import io.alp.engine.model.Outcome;
import io.alp.engine.model.Score;
import io.alp.engine.port.ProposalBatch;
import io.alp.engine.port.Reflection;
import io.alp.engine.port.ReflectionGoal;
import io.alp.engine.search.Reflections;
import io.alp.sim.behaviour.StableRandom;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A GEPA-style search, on pass-rate only: a pool that starts with the baseline; each step draws a parent from the
 * per-case Pareto set ({@link CaseParetoParents}), samples a minibatch, lets the proposer reflect on the parent's
 * outcomes on that minibatch and propose one edit, and runs the child on the minibatch. The child joins the pool
 * only if it passes at least as many minibatch cases as the parent ({@link MinibatchAcceptance}); then it is
 * evaluated on the rest of the dataset (its minibatch outcomes are kept, not paid for twice).
 */
final class GepaSearch extends PoolSearch {

    static final int MINIBATCH = 10;

    @Override
    public String name() {
        return "gepa";
    }

    @Override
    void search(MeteredWorld metered, Pool pool, SplittableRandom random, long seed) {
        Set<String> exhausted = new HashSet<>();
        for (int step = 0; ; step++) {
            Optional<Candidate> drawn = CaseParetoParents.select(pool.members(), pool.cases(),
                    c -> !exhausted.contains(c.id()), random);
            if (drawn.isEmpty()) {
                break;
            }
            Candidate parent = drawn.get();
            List<Case> batch = minibatch(pool.cases(), random);
            List<Outcome> parentOnBatch = parent.on(batch);
            Reflection reflection = reflection(pool, parent, parentOnBatch,
                    StableRandom.hash(seed, name(), "step " + step));
            Optional<ProposalBatch> proposed = metered.propose(reflection);
            if (proposed.isEmpty()) {
                break;
            }
            List<Edit> edits = Reflections.distinct(proposed.get().edits(), reflection.exclude(), 1);
            if (edits.isEmpty()) {
                exhausted.add(parent.id());
                continue;
            }
            if (!tryChild(metered, pool, parent, edits.get(0), batch, parentOnBatch)) {
                break;
            }
        }
    }

    /** @return false when the budget ran out */
    private static boolean tryChild(MeteredWorld metered, Pool pool, Candidate parent, Edit edit, List<Case> batch,
                                    List<Outcome> parentOnBatch) {
        Children.Attempt made = Children.source(metered, pool, parent, edit);
        if (made.status() != Children.Status.READY) {
            return made.status() != Children.Status.OUT_OF_BUDGET;
        }
        Optional<List<Outcome>> childOnBatch = metered.evaluate(made.source(), batch);
        if (childOnBatch.isEmpty()) {
            return false;
        }
        pool.markSeen(made.source());
        if (!MinibatchAcceptance.accepts(parentOnBatch, childOnBatch.get())) {
            return true;
        }
        List<Case> rest = pool.cases().stream().filter(c -> !batch.contains(c)).toList();
        Optional<List<Outcome>> childOnRest = metered.evaluate(made.source(), rest);
        if (childOnRest.isEmpty()) {
            return false;
        }
        pool.add(Candidate.of(pool.nextId(), parent, edit, made.source(), childOnBatch.get()).with(childOnRest.get()));
        return true;
    }

    private static List<Case> minibatch(List<Case> cases, SplittableRandom random) {
        List<Case> shuffled = new ArrayList<>(cases);
        for (int i = shuffled.size() - 1; i > 0; i--) {
            Collections.swap(shuffled, i, random.nextInt(i + 1));
        }
        return List.copyOf(shuffled.subList(0, Math.min(MINIBATCH, shuffled.size())));
    }

    private static Reflection reflection(Pool pool, Candidate parent, List<Outcome> parentOnBatch, long seed) {
        Score grandparent = pool.get(parent.parentId()).map(Candidate::score).orElse(null);
        return Reflections.of(parent.id(), parent.source(), parent.score(), grandparent, parent.branchEdits(),
                parentOnBatch, pool.cases(), pool.exclusions(parent), 1, seed, ReflectionGoal.FRONTIER);
    }
}
