package io.alp.engine.tree;

import io.alp.engine.model.Edit;
import io.alp.engine.model.EditClass;
import io.alp.engine.model.Score;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SearchTreeTest {

    /** A root and two children, scored; the frontier takes in the root, then n2, then n1. */
    private static SearchTree scoredOutOfOrder() {
        SearchTree t = new SearchTree();
        t.addRoot();
        for (String id : List.of("n1", "n2")) {
            t.addChild(id, SearchTree.ROOT, Edit.of(EditClass.PROMPT, "edit " + id, Map.of()), Origin.REFLECTION,
                    null);
        }
        for (String id : List.of(SearchTree.ROOT, "n2", "n1")) {
            t.markScored(id, Score.of(10, 5, 1.0), "src-" + id, null);
            t.markFrontier(id, false);
        }
        t.markFrontier("n2", true); // heard again (a resend): not taken in twice
        return t;
    }

    @Test
    void aNodesChildrenAreThoseAddedUnderItInOrderAlsoInARestoredTree() {
        SearchTree t = scoredOutOfOrder();
        t.addChild("n3", "n2", Edit.of(EditClass.TOOL, "edit n3", Map.of()), Origin.REFLECTION, null);
        t.addChild("n4", SearchTree.ROOT, Edit.of(EditClass.TOOL, "edit n4", Map.of()), Origin.COMPOUND, null);
        for (SearchTree tree : List.of(t, SearchTree.restore(t.facts(), t.settledOrder()))) {
            assertEquals(List.of("n1", "n2", "n4"), tree.children(SearchTree.ROOT).stream().map(TreeNode::id).toList());
            assertEquals(List.of("n3"), tree.children("n2").stream().map(TreeNode::id).toList());
            assertEquals(List.of(), tree.children("n3"));
        }
    }

    @Test
    void keepsTheOrderTheFrontierTookNodesIn() {
        SearchTree t = scoredOutOfOrder();
        assertEquals(List.of("n0", "n2", "n1"), t.settledOrder());
        assertEquals(List.of("n0", "n2", "n1"), SearchTree.restore(t.facts(), t.settledOrder()).settledOrder());
    }

    @Test
    void aSavedOrderNamingANodeWithoutAFrontierResultIsRefused() {
        SearchTree t = scoredOutOfOrder();
        t.addChild("n3", "n1", Edit.of(EditClass.PROMPT, "edit n3", Map.of()), Origin.REFLECTION, null);
        IllegalArgumentException unsettled = assertThrows(IllegalArgumentException.class,
                () -> SearchTree.restore(t.facts(), List.of("n0", "n3")));
        assertTrue(unsettled.getMessage().contains("n3"), unsettled.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> SearchTree.restore(t.facts(), List.of("n0", "n1", "n1")));
        assertTrue(twice.getMessage().contains("twice"), twice.getMessage());
    }
}
