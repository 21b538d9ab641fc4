package io.alp.engine.search;

/**
 * How a session searches.
 *
 * @param branching             children proposed per expansion
 * @param parallelRounds        expansions in flight at once, so evaluators never wait for a whole round
 * @param stallRounds           stop when this many completed rounds in a row did not move the frontier
 * @param maxNodes              stop when the tree has this many nodes
 * @param maxExpansionsPerNode  how often one parent may be expanded
 * @param compounding           apply edits measured on one branch to frontier nodes that lack them ({@link Compounder})
 * @param staged                race each child on minibatches against its parent before paying for every case
 *                              ({@code evaluation: staged}); otherwise every child runs on every case ({@code full})
 */
public record SearchConfig(int branching, int parallelRounds, int stallRounds, int maxNodes,
                           int maxExpansionsPerNode, boolean compounding, boolean staged) {

    public static SearchConfig defaults() {
        return new SearchConfig(3, 2, 40, 3000, 3, true, true);
    }

    /** Staged evaluation, the default. */
    public SearchConfig(int branching, int parallelRounds, int stallRounds, int maxNodes, int maxExpansionsPerNode,
                        boolean compounding) {
        this(branching, parallelRounds, stallRounds, maxNodes, maxExpansionsPerNode, compounding, true);
    }

    public SearchConfig withStaged(boolean staged) {
        return new SearchConfig(branching, parallelRounds, stallRounds, maxNodes, maxExpansionsPerNode, compounding,
                staged);
    }

    public SearchConfig {
        positive("branching", branching);
        positive("parallelRounds", parallelRounds);
        positive("stallRounds", stallRounds);
        positive("maxNodes", maxNodes);
        positive("maxExpansionsPerNode", maxExpansionsPerNode);
    }

    private static void positive(String field, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(field + " must be at least 1, got " + value);
        }
    }
}
