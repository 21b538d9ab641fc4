package io.alp.engine.tree;

import io.alp.engine.model.Edit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/** The tree of agent versions: the baseline at the root, each other node one edit on its parent. */
public final class SearchTree {

    public static final String ROOT = "n0";

    private final Map<String, TreeNode> nodes = new LinkedHashMap<>();
    /** Scored nodes in the order the frontier took them in, which its pruning depends on. */
    private final List<String> settled = new ArrayList<>();
    /** Each node's children in the order they were added (a search asks for them on every decision). */
    private final Map<String, List<TreeNode>> children = new HashMap<>();

    public TreeNode addRoot() {
        if (!nodes.isEmpty()) {
            throw new IllegalStateException("the tree already has a root");
        }
        TreeNode root = new TreeNode(ROOT, null, null, Origin.BASELINE, null, 0);
        nodes.put(ROOT, root);
        return root;
    }

    public TreeNode addChild(String id, String parentId, Edit edit, Origin origin, String roundId) {
        if (nodes.containsKey(id)) {
            throw new IllegalArgumentException("node " + id + " already exists");
        }
        TreeNode parent = get(parentId);
        return add(new TreeNode(id, parentId, edit, origin, roundId, parent.depth() + 1));
    }

    private TreeNode add(TreeNode node) {
        nodes.put(node.id(), node);
        if (node.parentId() != null) {
            children.computeIfAbsent(node.parentId(), k -> new ArrayList<>()).add(node);
        }
        return node;
    }

    /** Every node's facts, in the order they were added. */
    public List<NodeFacts> facts() {
        return nodes.values().stream().map(TreeNode::facts).toList();
    }

    /** Ids of the nodes the frontier took in, in the order it took them. */
    public List<String> settledOrder() {
        return List.copyOf(settled);
    }

    /**
     * The tree whose nodes hold {@code facts}, added in their order (parents before children, the root first), and
     * whose frontier took nodes in {@code settledOrder}.
     */
    public static SearchTree restore(List<NodeFacts> facts, List<String> settledOrder) {
        SearchTree tree = new SearchTree();
        for (NodeFacts f : facts) {
            if (tree.nodes.isEmpty() != (f.parentId() == null)) {
                throw new IllegalArgumentException("saved node " + f.id() + ": only the first node is the root"
                        + " (no parent)");
            }
            if (f.parentId() != null && !tree.contains(f.parentId())) {
                throw new IllegalArgumentException("saved node " + f.id() + " comes before its parent "
                        + f.parentId());
            }
            if (tree.contains(f.id())) {
                throw new IllegalArgumentException("saved node " + f.id() + " appears twice");
            }
            tree.add(TreeNode.restore(f));
        }
        Set<String> seen = new HashSet<>();
        for (String id : settledOrder) {
            if (!tree.contains(id) || !tree.get(id).facts().frontierKnown() || !seen.add(id)) {
                throw new IllegalArgumentException("saved frontier order names " + id
                        + ", which the tree holds no frontier result for, or twice");
            }
            tree.settled.add(id);
        }
        return tree;
    }

    public TreeNode get(String id) {
        TreeNode n = nodes.get(id);
        if (n == null) {
            throw new NoSuchElementException("no node " + id + " in the tree");
        }
        return n;
    }

    public boolean contains(String id) {
        return nodes.containsKey(id);
    }

    public Collection<TreeNode> nodes() {
        return Collections.unmodifiableCollection(nodes.values());
    }

    public int size() {
        return nodes.size();
    }

    public String nextId() {
        return nextId(0);
    }

    /** The id of a node added after {@code before} others that are not in the tree yet (a round's later children). */
    public String nextId(int before) {
        return "n" + (nodes.size() + before);
    }

    /** The single edits from the root down to {@code id}, in order (a combined edit as its parts). */
    public List<Edit> branchEdits(String id) {
        List<TreeNode> branch = new ArrayList<>();
        for (TreeNode n = get(id); n.parentId() != null; n = get(n.parentId())) {
            branch.add(n);
        }
        Collections.reverse(branch);
        List<Edit> edits = new ArrayList<>();
        branch.forEach(n -> edits.addAll(n.edit().parts()));
        return edits;
    }

    public boolean isAncestor(String ancestorId, String id) {
        for (TreeNode n = get(id); n.parentId() != null; n = get(n.parentId())) {
            if (n.parentId().equals(ancestorId)) {
                return true;
            }
        }
        return false;
    }

    public List<TreeNode> children(String id) {
        return List.copyOf(children.getOrDefault(id, List.of()));
    }

    /** The candidate a node's evaluation is run on, known once its edit is made and before it is scored. */
    public void markCandidate(String id, String sourceRef) {
        get(id).candidate(sourceRef);
    }

    public void markScored(String id, io.alp.engine.model.Score score, String sourceRef, String passMask) {
        get(id).scored(score, sourceRef, passMask);
    }

    /** The node's edit without the parts at {@code skippedParts}, which could not be applied ({@link Edit#without}). */
    public void narrowEdit(String id, List<Integer> skippedParts) {
        if (!skippedParts.isEmpty()) {
            get(id).narrowEdit(skippedParts);
        }
    }

    public void markFailed(String id, String reason) {
        get(id).failed(reason);
    }

    public void markRejected(String id, String reason) {
        get(id).rejected(reason);
    }

    public void markSkipped(String id, String reason) {
        get(id).skipped(reason);
    }

    public void markFrontier(String id, boolean moved) {
        if (get(id).frontierKnown(moved)) {
            settled.add(id);
        }
    }

    public void markPruned(String id) {
        get(id).prune();
    }

    public void markExpanded(String id) {
        get(id).expanded();
    }
}
