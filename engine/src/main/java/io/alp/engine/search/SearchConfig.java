package io.alp.engine.search;

import io.alp.engine.config.YamlMap;
import io.alp.engine.config.YamlNode;
import io.alp.engine.port.ReflectionGoal;

import java.util.List;

/**
 * How a session searches.
 *
 * @param branching             children proposed per expansion that serves the frontier as a whole (one that serves
 *                              its top tries {@link #TOP_EDITS} edits together as one child)
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

    /** The fields of a session's {@code optimizer:} section that {@link #from} reads. */
    public static final List<String> FIELDS = List.of("branching", "parallelRounds", "stallRounds", "maxNodes",
            "maxExpansionsPerNode", "compounding", "evaluation");

    /**
     * How many edits the child of an expansion that serves the top of the frontier applies together
     * ({@link Reflections#children}). Quality edits mostly add up, and a child several edits away from its parent
     * moves far enough for its minibatches to tell it apart, where one edit's few points are lost in their noise.
     */
    public static final int TOP_EDITS = 4;

    /**
     * How many edits such an expansion asks the proposer for: more than {@link #TOP_EDITS}, so that the child still
     * applies that many when the edits that would undo a helpful change of its branch are left out.
     */
    public static final int TOP_EDITS_ASKED = 6;

    /**
     * How many expansions each compound follows: one compound is opened per this many expansions. Compounds moved
     * the frontier less per dollar than expansions did (on six worlds at 20 baseline passes, with one after each
     * expansion, they took a fifth of the evaluation budget for an eighth of the hypervolume gained and a twelfth
     * of the best pass-rate's gains), so fewer of them leave more of the budget to expansions.
     */
    public static final int EXPANSIONS_PER_COMPOUND = 2;

    public static SearchConfig defaults() {
        return new SearchConfig(2, 2, 40, 3000, 3, true, true);
    }

    /** Staged evaluation, the default. */
    public SearchConfig(int branching, int parallelRounds, int stallRounds, int maxNodes, int maxExpansionsPerNode,
                        boolean compounding) {
        this(branching, parallelRounds, stallRounds, maxNodes, maxExpansionsPerNode, compounding, true);
    }

    /** How many edits an expansion serving {@code goal} asks the proposer for. */
    public int editsAsked(ReflectionGoal goal) {
        return goal == ReflectionGoal.TOP ? TOP_EDITS_ASKED : branching;
    }

    /** How many of them it applies at most: as many children, or the top's one child's parts. */
    public int editsApplied(ReflectionGoal goal) {
        return goal == ReflectionGoal.TOP ? TOP_EDITS : branching;
    }

    /** The most edits any expansion asks for. */
    public int mostEditsAsked() {
        return Math.max(branching, TOP_EDITS_ASKED);
    }

    /** The most edits any expansion applies. */
    public int mostEditsApplied() {
        return Math.max(branching, TOP_EDITS);
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

    /**
     * Reads the search fields of an {@code optimizer:} section ({@link #FIELDS}); a field left out keeps its
     * default. The section's other fields are its owner's to check.
     */
    public static SearchConfig from(YamlMap optimizer) {
        SearchConfig d = defaults();
        return new SearchConfig(
                count(optimizer, "branching", d.branching()),
                count(optimizer, "parallelRounds", d.parallelRounds()),
                count(optimizer, "stallRounds", d.stallRounds()),
                count(optimizer, "maxNodes", d.maxNodes()),
                count(optimizer, "maxExpansionsPerNode", d.maxExpansionsPerNode()),
                optimizer.optional("compounding").map(YamlNode::asBoolean).orElse(d.compounding()),
                optimizer.optional("evaluation").map(SearchConfig::staged).orElse(d.staged()));
    }

    private static int count(YamlMap map, String field, int fallback) {
        return map.optional(field).map(n -> (int) n.asNumberIn(1, 1_000_000)).orElse(fallback);
    }

    private static boolean staged(YamlNode node) {
        return switch (node.asString().trim()) {
            case "staged" -> true;
            case "full" -> false;
            default -> throw node.error("expected staged or full, got " + node.describe());
        };
    }

    private static void positive(String field, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(field + " must be at least 1, got " + value);
        }
    }
}
