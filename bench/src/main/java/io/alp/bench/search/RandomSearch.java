package io.alp.bench.search;

import io.alp.engine.model.Edit;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Random search over single edits: take a uniformly random candidate already evaluated (at first, the baseline),
 * apply one random single-knob edit not yet tried on it, and evaluate the child on every case; stop at the first
 * evaluation whose worst-case cost does not fit in what is left of the budget.
 */
final class RandomSearch extends PoolSearch {

    private final SingleEdits singleEdits;

    RandomSearch(SingleEdits singleEdits) {
        this.singleEdits = singleEdits;
    }

    @Override
    public String name() {
        return "random";
    }

    @Override
    void search(MeteredWorld metered, Pool pool, SplittableRandom random, long seed) {
        while (true) {
            List<Candidate> open = pool.members().stream().filter(c -> !untried(pool, c).isEmpty()).toList();
            if (open.isEmpty()) {
                break;
            }
            Candidate parent = open.get(random.nextInt(open.size()));
            List<Edit> options = untried(pool, parent);
            Edit edit = options.get(random.nextInt(options.size()));
            if (Children.evaluateFully(metered, pool, parent, edit).status() == Children.Status.OUT_OF_BUDGET) {
                break;
            }
        }
    }

    private List<Edit> untried(Pool pool, Candidate parent) {
        return singleEdits.of(parent.source()).stream().filter(e -> !pool.wasTried(parent, e)).toList();
    }
}
