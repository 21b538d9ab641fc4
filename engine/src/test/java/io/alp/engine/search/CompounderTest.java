package io.alp.engine.search;

import io.alp.engine.frontier.FrontierTracker;
import io.alp.engine.frontier.ScoredNode;
import io.alp.engine.frontier.TreeEstimates;
import io.alp.engine.model.Edit;
import io.alp.engine.model.EditClass;
import io.alp.engine.tree.SearchTree;
import io.alp.engine.tree.TreeNode;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Compounds on constructed trees where the right choice is known (posteriors set to the measured rates). */
class CompounderTest {

    private static final String ROOT = SearchTree.ROOT;
    private static final double REF_COST = 2.0;

    private static Map<String, TreeEstimates.Estimate> measured(SearchTree t) {
        Map<String, TreeEstimates.Estimate> m = new HashMap<>();
        for (TreeNode n : t.nodes()) {
            if (n.score() != null) {
                m.put(n.id(), new TreeEstimates.Estimate(n.score().passRate(), 0.01));
            }
        }
        return m;
    }

    /** Each change's effect as a session's shared-change model estimates it from the tree's scored nodes. */
    private static Map<String, Double> effects(SearchTree t) {
        List<ScoredNode> nodes = t.nodes().stream().filter(n -> n.score() != null).map(ScoredNode::of).toList();
        return FrontierTracker.shared(nodes, TreeEstimates.fit(nodes.stream().map(ScoredNode::measured).toList()))
                .effects();
    }

    private static Optional<Compounder.Pair> stack(SearchTree t, Set<String> tried, List<String> frontier) {
        return Compounder.stack(t, tried, measured(t), frontier, Set.copyOf(frontier), effects(t));
    }

    private static Optional<Compounder.Pair> next(SearchTree t, List<String> frontier, Set<String> tried) {
        return Compounder.next(t, tried, measured(t), frontier, Set.copyOf(frontier), REF_COST,
                Compounder.Goal.HYPERVOLUME);
    }

    /** root 50% at $1; a: root + prompt x (+10 points); b: root + tool y (+2 points); both on the frontier. */
    private static SearchTree twoBranches() {
        SearchTree t = Trees.withRoot(50, 1.0);
        Trees.scored(t, "a", ROOT, Trees.edit(EditClass.PROMPT, "x"), 60, 1.0, true);
        Trees.scored(t, "b", ROOT, Trees.edit(EditClass.TOOL, "y"), 52, 0.9, true);
        return t;
    }

    @Test
    void theEditThatHelpedMostIsCarriedToTheNodeThatLacksIt() {
        SearchTree t = twoBranches();
        Compounder.Pair p = next(t, List.of("b", "a"), Set.of()).orElseThrow();
        // x on b is predicted at 62% for $0.90: it dominates everything; y on a only adds 2 points at a's cost
        assertEquals("b", p.baseId());
        assertEquals("a", p.editFrom());
        assertTrue(p.edit().sameChangeAs(t.get("a").edit()));
        assertEquals("b+" + p.edit().key(), p.key());
    }

    @Test
    void eachPairIsTriedOnceThenTheNextBestFollows() {
        SearchTree t = twoBranches();
        Compounder.Pair first = next(t, List.of("b", "a"), Set.of()).orElseThrow();
        Compounder.Pair second = next(t, List.of("b", "a"), Set.of(first.key())).orElseThrow();
        assertEquals("a", second.baseId());
        assertTrue(second.edit().sameChangeAs(t.get("b").edit()));
        assertEquals(Optional.empty(), next(t, List.of("b", "a"), Set.of(first.key(), second.key())));
    }

    @Test
    void aCompoundGoesOnlyToANodeWhoseChildCouldStillBeEvaluated() {
        SearchTree t = twoBranches();
        // x on b would gain most, but b's children no longer fit in the budget: y on a is next
        Compounder.Pair p = Compounder.next(t, Set.of(), measured(t), List.of("b", "a"), Set.of("a"), REF_COST,
                Compounder.Goal.HYPERVOLUME).orElseThrow();
        assertEquals("a", p.baseId());
        assertTrue(p.edit().sameChangeAs(t.get("b").edit()));
        assertEquals(Optional.empty(), Compounder.next(t, Set.of(), measured(t), List.of("b", "a"), Set.of(),
                REF_COST, Compounder.Goal.HYPERVOLUME));
    }

    @Test
    void aCostCutIsCarriedToTheDearEnd() {
        SearchTree t = Trees.withRoot(50, 1.0);
        Trees.scored(t, "top", ROOT, Trees.edit(EditClass.TOOL, "t"), 70, 1.5, true);
        Trees.scored(t, "cheap", ROOT, Trees.edit(EditClass.MEMORY, "summary"), 49, 0.5, true);
        Compounder.Pair p = next(t, List.of("cheap", "top"), Set.of()).orElseThrow();
        // summary on top is predicted at 69% for $0.75: a new point between the two ends; t on cheap at 69% for
        // $0.75 as well, so both gain the same; the tie goes to the first base in frontier order
        assertEquals(Set.of("cheap", "top"), Set.of(p.baseId(), p.editFrom()));
        TreeNode base = t.get(p.baseId());
        assertTrue(!base.edit().sameChangeAs(p.edit()));
    }

    @Test
    void anEditThatHurtIsNeverCarriedAnywhere() {
        SearchTree t = Trees.withRoot(50, 1.0);
        Trees.scored(t, "a", ROOT, Trees.edit(EditClass.PROMPT, "good"), 60, 1.0, true);
        Trees.scored(t, "bad", ROOT, Trees.edit(EditClass.TOOL, "bad"), 40, 1.1, false);
        // bad on a would be predicted at 50% for $1.10: inside what the frontier covers already
        assertEquals(Optional.empty(), next(t, List.of("a"), Set.of()));
    }

    @Test
    void anEditsEffectIsLearnedFromEveryPairThatMadeIt() {
        SearchTree t = Trees.withRoot(50, 1.0);
        Trees.scored(t, "a", ROOT, Trees.edit(EditClass.SCAFFOLD, "s"), 40, 1.0, true);
        Trees.scored(t, "a1", "a", Trees.edit(EditClass.PROMPT, "x"), 60, 1.0, true); // x: +20 here
        Trees.scored(t, "b", ROOT, Trees.edit(EditClass.TOOL, "y"), 55, 1.0, true);
        Trees.scored(t, "b1", "b", Trees.edit(EditClass.PROMPT, "x"), 39, 1.0, false); // x: -16 there
        Map<String, Compounder.Effect> effects = Compounder.effects(t, measured(t));
        Compounder.Effect x = effects.get(Trees.edit(EditClass.PROMPT, "x").key());
        assertEquals(2, x.pairs());
        assertEquals(0.02, x.passGain(), 1e-9);
        assertEquals(1.0, x.costRatio(), 1e-9);
        assertEquals("a1", x.firstNode());
    }

    @Test
    void editsAlreadyOnTheBranchOrAmongTheChildrenAreNotAppliedAgain() {
        SearchTree t = twoBranches();
        // b already has x as a child, and a's branch holds x: only y on a is left
        Trees.scored(t, "bx", "b", Trees.edit(EditClass.PROMPT, "x"), 61, 0.9, true);
        Compounder.Pair p = next(t, List.of("b", "a"), Set.of()).orElseThrow();
        assertEquals("a", p.baseId());
        assertTrue(p.edit().sameChangeAs(t.get("b").edit()));
    }

    @Test
    void editsThatEachHelpedAreStackedOnTheLikeliestBestNode() {
        SearchTree t = Trees.withRoot(50, 1.0);
        Trees.scored(t, "a", ROOT, Trees.edit(EditClass.PROMPT, "x"), 56, 1.0, true);
        Trees.scored(t, "b", ROOT, Trees.edit(EditClass.TOOL, "y"), 53, 1.0, false);
        Trees.scored(t, "c", ROOT, Trees.edit(EditClass.SCAFFOLD, "z"), 54, 1.0, false);
        Trees.scored(t, "d", ROOT, Trees.edit(EditClass.MEMORY, "w"), 45, 0.5, true);
        Trees.scored(t, "e", "a", Trees.edit(EditClass.PROMPT, "v"), 60, 1.0, true);
        Compounder.Pair p = stack(t, Set.of(), List.of("d", "e")).orElseThrow();
        // e is the best; x is on its branch, w hurt; z (+4) and y (+3) helped, the larger gain first
        assertEquals("e", p.baseId());
        assertEquals(EditClass.COMBINED, p.edit().editClass());
        assertEquals(List.of(t.get("c").edit(), t.get("b").edit()), p.edit().parts());
        assertEquals(Optional.empty(), stack(t, Set.of(p.key()), List.of("d", "e")));
    }

    @Test
    void aStackGoesOnTheLikeliestBestNodeWhoseChildCouldStillBeEvaluated() {
        SearchTree t = Trees.withRoot(50, 1.0);
        Trees.scored(t, "a", ROOT, Trees.edit(EditClass.PROMPT, "x"), 56, 1.0, true);
        Trees.scored(t, "b", ROOT, Trees.edit(EditClass.TOOL, "y"), 58, 1.0, false);
        Trees.scored(t, "c", ROOT, Trees.edit(EditClass.SCAFFOLD, "z"), 59, 1.0, false);
        Trees.scored(t, "e", "a", Trees.edit(EditClass.PROMPT, "v"), 57, 2.0, true);
        // e is the best, but too dear now: the stack goes on a, the best whose child fits,
        // predicted above e with y, z and e's own v
        Compounder.Pair p = Compounder.stack(t, Set.of(), measured(t), List.of("a", "e"), Set.of("a"), effects(t))
                .orElseThrow();
        assertEquals("a", p.baseId());
        assertEquals(Set.of(t.get("b").edit(), t.get("c").edit(), t.get("e").edit()), Set.copyOf(p.edit().parts()));
    }

    @Test
    void aPartOfACombinationThatHelpedIsStackedAndOneThatHurtIsNot() {
        SearchTree t = Trees.withRoot(50, 1.0);
        // y and z together gained 5 points, z alone lost 15: y is the part that helped, and more than w
        Trees.scored(t, "a", ROOT, Edit.combined(List.of(Trees.edit(EditClass.TOOL, "y"),
                Trees.edit(EditClass.SCAFFOLD, "z"))), 55, 1.0, false);
        Trees.scored(t, "b", ROOT, Trees.edit(EditClass.SCAFFOLD, "z"), 35, 1.0, false);
        Trees.scored(t, "c", ROOT, Trees.edit(EditClass.PROMPT, "x"), 60, 1.0, true);
        Trees.scored(t, "d", ROOT, Trees.edit(EditClass.MEMORY, "w"), 54, 1.0, false);
        Map<String, Double> effects = effects(t);
        double y = effects.get(Trees.edit(EditClass.TOOL, "y").key());
        assertTrue(y > effects.get(t.get("d").edit().key()) && effects.get(t.get("b").edit().key()) < 0,
                effects.toString());
        Compounder.Pair p = stack(t, Set.of(), List.of("c")).orElseThrow();
        assertEquals("c", p.baseId());
        assertEquals(List.of(Trees.edit(EditClass.TOOL, "y"), t.get("d").edit()), p.edit().parts());
        assertEquals("a", p.editFrom(), "the first part was made by the combination");
    }

    @Test
    void aStackTakesOneEditPerSubjectAndNeedsTwo() {
        SearchTree t = Trees.withRoot(50, 1.0);
        Trees.scored(t, "a", ROOT, Edit.of(EditClass.MEMORY, "summary", Map.of("knob", "memory", "value", "s")),
                55, 1.0, true);
        Trees.scored(t, "b", ROOT, Edit.of(EditClass.MEMORY, "window", Map.of("knob", "memory", "value", "w")),
                53, 1.0, false);
        assertEquals(Optional.empty(), stack(t, Set.of(), List.of("a")));
        Trees.scored(t, "c", "b", Trees.edit(EditClass.TOOL, "y"), 56, 1.0, true);
        // on c (window): summary is the same subject as window, which c has; only y is left, on c's branch itself
        assertEquals(Optional.empty(), stack(t, Set.of(), List.of("c")));
    }

    @Test
    void aStackedEditIsNotCarriedElsewhereWhole() {
        SearchTree t = Trees.withRoot(50, 1.0);
        Trees.scored(t, "a", ROOT, Trees.edit(EditClass.PROMPT, "x"), 50, 1.0, false);
        Trees.scored(t, "b", ROOT, Edit.combined(List.of(Trees.edit(EditClass.TOOL, "y"),
                Trees.edit(EditClass.SCAFFOLD, "z"))), 60, 1.0, true);
        assertEquals(Optional.empty(), next(t, List.of("b"), Set.of()));
        assertEquals(List.of(t.get("b").edit().parts().get(0), t.get("b").edit().parts().get(1)),
                t.branchEdits("b"));
    }
}
