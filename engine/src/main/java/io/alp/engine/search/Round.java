package io.alp.engine.search;

import io.alp.engine.port.ReflectionGoal;

import java.util.ArrayList;
import java.util.List;

/** One expansion of a parent (or one compound child): its orchestrator reservation and its children. */
public final class Round {
    private final String id;
    private final RoundKind kind;
    private final String parentId;
    private final ReflectionGoal goal;
    private final List<String> children = new ArrayList<>();
    private boolean proposed;
    private boolean closed;
    private double proposerCostUsd;

    Round(String id, RoundKind kind, String parentId, ReflectionGoal goal) {
        this.id = id;
        this.kind = kind;
        this.parentId = parentId;
        this.goal = goal;
    }

    public String id() {
        return id;
    }

    public RoundKind kind() {
        return kind;
    }

    public String parentId() {
        return parentId;
    }

    /** What an expansion's proposals serve. */
    public ReflectionGoal goal() {
        return goal;
    }

    public List<String> children() {
        return List.copyOf(children);
    }

    public boolean proposed() {
        return proposed;
    }

    public boolean closed() {
        return closed;
    }

    public double proposerCostUsd() {
        return proposerCostUsd;
    }

    /** The budget reservation that covers this round's proposer and edit-application calls. */
    public String reservationId() {
        return "round/" + id;
    }

    public RoundFacts facts() {
        return new RoundFacts(id, kind, parentId, children, proposed, closed, proposerCostUsd, goal);
    }

    static Round restore(RoundFacts f) {
        Round round = new Round(f.id(), f.kind(), f.parentId(), f.goal());
        round.children.addAll(f.children());
        round.proposed = f.proposed();
        round.closed = f.closed();
        round.proposerCostUsd = f.proposerCostUsd();
        return round;
    }

    void proposed(double costUsd, List<String> childIds) {
        this.proposed = true;
        this.proposerCostUsd = costUsd;
        this.children.addAll(childIds);
    }

    void close() {
        this.closed = true;
    }
}
