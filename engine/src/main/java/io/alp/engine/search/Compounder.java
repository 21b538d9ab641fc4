package io.alp.engine.search;

import io.alp.engine.model.Edit;
import io.alp.engine.tree.Origin;
import io.alp.engine.tree.SearchTree;
import io.alp.engine.tree.TreeNode;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the next pair of edits to combine: A and B each moved the frontier, neither lies on the other's branch,
 * B's edit is not already on A's branch, and A has no child with B's edit yet. The child applies B's edit on A.
 * Pairs whose edits touch different aspects (classes) come first, then pairs with the higher combined pass-rate.
 * Each pair is tried once.
 */
public final class Compounder {

    private Compounder() {
    }

    public record Pair(String baseId, String editFrom, Edit edit) {
        public String key() {
            return baseId.compareTo(editFrom) < 0 ? baseId + "+" + editFrom : editFrom + "+" + baseId;
        }
    }

    public static Optional<Pair> next(SearchTree tree, Set<String> triedPairs) {
        List<TreeNode> helped = tree.nodes().stream()
                .filter(n -> n.origin() != Origin.BASELINE && n.movedFrontier())
                .toList();
        Comparator<Pair> preference = Comparator
                .comparing((Pair p) -> differentClass(tree, p) ? 0 : 1)
                .thenComparing(p -> -(tree.get(p.baseId()).score().passRate()
                        + tree.get(p.editFrom()).score().passRate()))
                .thenComparing(Pair::key);
        return helped.stream()
                .filter(TreeNode::active)
                .flatMap(a -> helped.stream()
                        .filter(b -> b != a)
                        .map(b -> new Pair(a.id(), b.id(), b.edit())))
                .filter(p -> !triedPairs.contains(p.key()))
                .filter(p -> compatible(tree, p))
                .min(preference);
    }

    private static boolean compatible(SearchTree tree, Pair p) {
        if (tree.isAncestor(p.baseId(), p.editFrom()) || tree.isAncestor(p.editFrom(), p.baseId())) {
            return false;
        }
        if (tree.children(p.baseId()).stream().anyMatch(c -> c.edit().sameChangeAs(p.edit()))) {
            return false; // the base already has this child (from its own expansion or an earlier compound)
        }
        return tree.branchEdits(p.baseId()).stream().noneMatch(e -> e.sameChangeAs(p.edit()));
    }

    private static boolean differentClass(SearchTree tree, Pair p) {
        return tree.get(p.baseId()).edit().editClass() != p.edit().editClass();
    }
}
