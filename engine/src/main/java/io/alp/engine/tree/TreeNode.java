package io.alp.engine.tree;

import io.alp.engine.model.Edit;
import io.alp.engine.model.Score;

import java.util.List;

/** One node of the search tree: one edit on its parent (none for the baseline), and what became of it. */
public final class TreeNode {
    private final String id;
    private final String parentId;
    private Edit edit;
    private final Origin origin;
    private final String roundId;
    private final int depth;

    private NodeStatus status = NodeStatus.PENDING;
    private Score score;
    private String sourceRef;
    private String passMask;
    private String failure;
    private boolean frontierKnown;
    private boolean movedFrontier;
    private boolean pruned;
    private int expansions;
    private List<Edit> leftOut = List.of();

    TreeNode(String id, String parentId, Edit edit, Origin origin, String roundId, int depth) {
        this.id = id;
        this.parentId = parentId;
        this.edit = edit;
        this.origin = origin;
        this.roundId = roundId;
        this.depth = depth;
    }

    public String id() {
        return id;
    }

    public String parentId() {
        return parentId;
    }

    public Edit edit() {
        return edit;
    }

    void narrowEdit(List<Integer> skippedParts) {
        leftOut = skippedParts.stream().map(i -> edit.parts().get(i)).toList();
        edit = edit.without(skippedParts);
    }

    /** The parts of its combined edit that could not be applied, and so are not in {@link #edit} (usually none). */
    public List<Edit> leftOut() {
        return leftOut;
    }

    public Origin origin() {
        return origin;
    }

    public String roundId() {
        return roundId;
    }

    public int depth() {
        return depth;
    }

    public NodeStatus status() {
        return status;
    }

    public Score score() {
        return score;
    }

    /** The candidate it is evaluated on, recorded when its evaluation is reserved; null before, or if never made. */
    public String sourceRef() {
        return sourceRef;
    }

    /** Which dataset cases it passed ({@link io.alp.engine.frontier.PassMask}), once scored; null if unknown. */
    public String passMask() {
        return passMask;
    }

    public String failure() {
        return failure;
    }

    public boolean movedFrontier() {
        return movedFrontier;
    }

    public boolean pruned() {
        return pruned;
    }

    public int expansions() {
        return expansions;
    }

    /** Scored, its frontier effect known, and not dominated: it may become a parent. */
    public boolean active() {
        return status == NodeStatus.SCORED && frontierKnown && !pruned;
    }

    /** Nothing more will happen to this node's own evaluation. */
    public boolean settled() {
        return status.terminal() && (status != NodeStatus.SCORED || frontierKnown);
    }

    public NodeFacts facts() {
        return new NodeFacts(id, parentId, edit, origin, roundId, depth, status, score, sourceRef, passMask, failure,
                frontierKnown, movedFrontier, pruned, expansions, leftOut);
    }

    static TreeNode restore(NodeFacts f) {
        TreeNode n = new TreeNode(f.id(), f.parentId(), f.edit(), f.origin(), f.roundId(), f.depth());
        n.status = f.status();
        n.score = f.score();
        n.sourceRef = f.sourceRef();
        n.passMask = f.passMask();
        n.failure = f.failure();
        n.frontierKnown = f.frontierKnown();
        n.movedFrontier = f.movedFrontier();
        n.pruned = f.pruned();
        n.expansions = f.expansions();
        n.leftOut = f.leftOut();
        return n;
    }

    void candidate(String sourceRef) {
        this.sourceRef = sourceRef;
    }

    void scored(Score score, String sourceRef, String passMask) {
        this.status = NodeStatus.SCORED;
        this.score = score;
        this.sourceRef = sourceRef;
        this.passMask = passMask;
    }

    void failed(String reason) {
        this.status = NodeStatus.FAILED;
        this.failure = reason;
    }

    void rejected(String reason) {
        this.status = NodeStatus.REJECTED;
        this.failure = reason;
    }

    void skipped(String reason) {
        this.status = NodeStatus.SKIPPED;
        this.failure = reason;
    }

    /** @return whether the frontier took this node in now, not before */
    boolean frontierKnown(boolean moved) {
        boolean first = !frontierKnown;
        this.frontierKnown = true;
        this.movedFrontier = moved;
        return first;
    }

    void prune() {
        this.pruned = true;
    }

    void expanded() {
        this.expansions++;
    }
}
