package io.alp.engine.search;

import io.alp.engine.model.Edit;
import io.alp.engine.model.EditClass;
import io.alp.engine.model.Score;
import io.alp.engine.tree.Origin;
import io.alp.engine.tree.SearchTree;
import io.alp.engine.tree.TreeNode;

import java.util.Map;

/** Builds search trees by hand for tests: nodes scored on 100 cases, with their frontier effect set directly. */
final class Trees {

    private Trees() {
    }

    static SearchTree withRoot(int passesOf100, double cost) {
        SearchTree t = new SearchTree();
        t.addRoot();
        t.markScored(SearchTree.ROOT, Score.of(100, passesOf100, cost), "src-n0", null);
        t.markFrontier(SearchTree.ROOT, true);
        return t;
    }

    static Edit edit(EditClass cls, String change) {
        return Edit.of(cls, "do " + change, Map.of("change", change));
    }

    /** Adds a scored child whose frontier effect is known: {@code moved} says whether it moved the frontier. */
    static TreeNode scored(SearchTree t, String id, String parent, Edit edit, int passesOf100, double cost,
                           boolean moved) {
        t.addChild(id, parent, edit, Origin.REFLECTION, null);
        t.markScored(id, Score.of(100, passesOf100, cost), "src-" + id, null);
        t.markFrontier(id, moved);
        return t.get(id);
    }
}
