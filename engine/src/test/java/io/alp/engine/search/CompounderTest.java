package io.alp.engine.search;

import io.alp.engine.model.Edit;
import io.alp.engine.model.EditClass;
import io.alp.engine.tree.SearchTree;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompounderTest {

    private static final String ROOT = SearchTree.ROOT;

    @Test
    void prefersAPairOfDifferentClassesOverASameClassPair() {
        SearchTree t = Trees.withRoot(40, 1.0);
        Trees.scored(t, "a", ROOT, Trees.edit(EditClass.PROMPT, "x"), 90, 1.5, true);
        Trees.scored(t, "b", ROOT, Trees.edit(EditClass.PROMPT, "y"), 85, 1.4, true);
        Trees.scored(t, "c", ROOT, Trees.edit(EditClass.TOOL, "z"), 30, 0.2, true);
        // the same-class pair a+b has the higher combined pass-rate, but a different-class pair comes first
        Compounder.Pair p = Compounder.next(t, Set.of()).orElseThrow();
        assertNotEquals(t.get(p.baseId()).edit().editClass(), p.edit().editClass(), p.toString());
        // among different-class pairs, the higher combined pass-rate: a (0.90) with c, not b (0.85) with c
        assertEquals("a+c", p.key());
        assertTrue(p.edit().sameChangeAs(t.get(p.editFrom()).edit()));
    }

    @Test
    void fallsBackToASameClassPairWhenThatIsAllThereIs() {
        SearchTree t = Trees.withRoot(40, 1.0);
        Trees.scored(t, "a", ROOT, Trees.edit(EditClass.PROMPT, "x"), 90, 1.5, true);
        Trees.scored(t, "b", ROOT, Trees.edit(EditClass.PROMPT, "y"), 85, 1.4, true);
        assertEquals("a+b", Compounder.next(t, Set.of()).orElseThrow().key());
    }

    @Test
    void neverPairsANodeWithItsAncestor() {
        SearchTree t = Trees.withRoot(40, 1.0);
        Trees.scored(t, "a", ROOT, Trees.edit(EditClass.PROMPT, "x"), 60, 1.0, true);
        Trees.scored(t, "a1", "a", Trees.edit(EditClass.TOOL, "y"), 70, 1.0, true);
        Trees.scored(t, "a11", "a1", Trees.edit(EditClass.MEMORY, "z"), 80, 1.0, true);
        assertEquals(Optional.empty(), Compounder.next(t, Set.of()));

        // an unrelated helpful node pairs with them, but the ancestor pairs still never come up
        Trees.scored(t, "b", ROOT, Trees.edit(EditClass.ROUTING, "w"), 50, 0.3, true);
        Set<String> tried = new HashSet<>();
        Optional<Compounder.Pair> p;
        while ((p = Compounder.next(t, tried)).isPresent()) {
            Compounder.Pair pair = p.get();
            assertFalse(t.isAncestor(pair.baseId(), pair.editFrom()) || t.isAncestor(pair.editFrom(), pair.baseId()),
                    pair.toString());
            assertTrue(tried.add(pair.key()), "pair proposed twice: " + pair);
        }
        assertEquals(Set.of("a+b", "a1+b", "a11+b"), tried);
    }

    @Test
    void neverProposesAnEditAlreadyOnTheBasesBranch() {
        SearchTree t = Trees.withRoot(40, 1.0);
        Edit x = Trees.edit(EditClass.PROMPT, "x");
        Trees.scored(t, "a", ROOT, x, 60, 1.0, true);
        Trees.scored(t, "b", ROOT, Trees.edit(EditClass.TOOL, "y"), 45, 1.0, false);
        // c applies x again, below b: a and c each helped, and each already carries x
        Trees.scored(t, "c", "b", Edit.of(EditClass.PROMPT, "x, worded differently", x.payload()), 70, 1.0, true);
        assertEquals(Optional.empty(), Compounder.next(t, Set.of()));
    }

    @Test
    void aTriedPairIsNotProposedAgainInEitherDirection() {
        SearchTree t = Trees.withRoot(40, 1.0);
        Trees.scored(t, "a", ROOT, Trees.edit(EditClass.PROMPT, "x"), 60, 1.0, true);
        Trees.scored(t, "b", ROOT, Trees.edit(EditClass.TOOL, "y"), 50, 0.5, true);
        Compounder.Pair p = Compounder.next(t, Set.of()).orElseThrow();
        assertEquals("a+b", p.key());
        assertEquals(Optional.empty(), Compounder.next(t, Set.of(p.key())));
        assertEquals(new Compounder.Pair("b", "a", t.get("a").edit()).key(), p.key());
    }

    @Test
    void onlyNodesThatMovedTheFrontierTakePart() {
        SearchTree t = Trees.withRoot(40, 1.0);
        Trees.scored(t, "a", ROOT, Trees.edit(EditClass.PROMPT, "x"), 60, 1.0, true);
        Trees.scored(t, "b", ROOT, Trees.edit(EditClass.TOOL, "y"), 30, 2.0, false);
        assertEquals(Optional.empty(), Compounder.next(t, Set.of()));
    }

    @Test
    void aPrunedNodeIsNeverTheBaseButItsEditCanStillBeUsed() {
        SearchTree t = Trees.withRoot(40, 1.0);
        Trees.scored(t, "a", ROOT, Trees.edit(EditClass.PROMPT, "x"), 60, 1.0, true);
        Trees.scored(t, "b", ROOT, Trees.edit(EditClass.TOOL, "y"), 50, 0.5, true);
        t.markPruned("a");
        Compounder.Pair p = Compounder.next(t, Set.of()).orElseThrow();
        assertEquals("b", p.baseId());
        assertEquals("a", p.editFrom());
    }

    @Test
    void neverProposesACandidateTheBaseAlreadyHasAsAChild() {
        // a and b each helped; a's own expansion already produced a+y, the very candidate "y on a" would build
        SearchTree t = Trees.withRoot(40, 1.0);
        Edit x = Trees.edit(EditClass.PROMPT, "x");
        Edit y = Trees.edit(EditClass.TOOL, "y");
        Trees.scored(t, "a", ROOT, x, 60, 1.0, true);
        Trees.scored(t, "b", ROOT, y, 50, 0.5, true);
        Trees.scored(t, "ay", "a", y, 55, 0.8, false);
        Compounder.Pair p = Compounder.next(t, Set.of()).orElseThrow();
        assertFalse(p.baseId().equals("a") && p.edit().sameChangeAs(y),
                "proposed " + p + ", a duplicate of node ay");
        assertEquals("b", p.baseId());
        assertTrue(p.edit().sameChangeAs(x));

        // and when b already has x as a child as well, nothing is left to try
        Trees.scored(t, "bx", "b", x, 55, 0.8, false);
        assertEquals(Optional.empty(), Compounder.next(t, Set.of()));
    }
}
