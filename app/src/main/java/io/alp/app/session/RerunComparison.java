package io.alp.app.session;

import io.alp.engine.search.SearchState;
import io.alp.engine.tree.TreeNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Where a re-run's tree and frontier differ from the recorded session's: every node, its edit, source and score. */
public final class RerunComparison {

    private RerunComparison() {
    }

    public static List<String> differences(SearchState recorded, SearchState rerun) {
        List<String> differences = new ArrayList<>();
        Map<String, TreeNode> before = byId(recorded);
        Map<String, TreeNode> after = byId(rerun);
        for (TreeNode node : before.values()) {
            TreeNode other = after.get(node.id());
            if (other == null) {
                differences.add("node " + node.id() + " (" + describe(node) + ") is missing from the re-run");
            } else if (!describe(node).equals(describe(other))) {
                differences.add("node " + node.id() + ": recorded " + describe(node) + ", re-run " + describe(other));
            }
        }
        after.keySet().stream().filter(id -> !before.containsKey(id))
                .forEach(id -> differences.add("node " + id + " (" + describe(after.get(id)) + ") is new in the re-run"));
        if (!recorded.frontier().equals(rerun.frontier())) {
            differences.add("frontier: recorded " + recorded.frontier() + ", re-run " + rerun.frontier());
        }
        return differences;
    }

    private static Map<String, TreeNode> byId(SearchState state) {
        return state.tree().nodes().stream().collect(Collectors.toMap(TreeNode::id, Function.identity(),
                (a, b) -> a, java.util.TreeMap::new));
    }

    private static String describe(TreeNode n) {
        String edit = n.edit() == null ? "root" : n.edit().key();
        String score = n.score() == null ? "unscored"
                : n.score().passes() + "/" + n.score().cases() + " at $" + String.format("%.6f", n.score().costPerCase());
        return "parent " + Objects.toString(n.parentId(), "-") + ", " + edit + ", " + n.status() + ", source "
                + Objects.toString(n.sourceRef(), "-") + ", " + score;
    }
}
