package io.alp.engine.search;

import io.alp.engine.model.Case;
import io.alp.engine.model.Edit;
import io.alp.engine.model.Outcome;
import io.alp.engine.model.Score;
import io.alp.engine.port.Reflection;
import io.alp.engine.port.ReflectionGoal;
import io.alp.engine.tree.Origin;
import io.alp.engine.tree.SearchTree;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** Builds what the proposer sees of a parent, and which edits it must not repeat. */
public final class Reflections {

    static final int PASSED_SAMPLE = 5;

    private Reflections() {
    }

    public static Reflection of(String nodeId, String sourceRef, Score score, Score parentScore,
                                List<Edit> branchEdits, Collection<Outcome> outcomes, Collection<Case> cases,
                                List<Edit> exclude, int count, long seed, ReflectionGoal goal) {
        List<Outcome> sorted = outcomes.stream().sorted(Comparator.comparing(Outcome::caseId)).toList();
        List<Outcome> failed = sorted.stream().filter(o -> !o.pass()).toList();
        List<Outcome> passed = new ArrayList<>(sorted.stream().filter(Outcome::pass).toList());
        java.util.Collections.shuffle(passed, new Random(seed));
        List<Outcome> passedSample = passed.subList(0, Math.min(PASSED_SAMPLE, passed.size()));
        Map<String, String> inputs = new HashMap<>();
        cases.forEach(c -> inputs.put(c.id(), c.input()));
        Map<String, String> shown = new HashMap<>();
        java.util.stream.Stream.concat(failed.stream(), passedSample.stream())
                .filter(o -> inputs.containsKey(o.caseId()))
                .forEach(o -> shown.put(o.caseId(), inputs.get(o.caseId())));
        return new Reflection(nodeId, sourceRef, branchEdits, score, parentScore, failed, passedSample, shown,
                exclude, count, seed, goal);
    }

    /** The branch's own edits and every edit already tried on this parent (each part of a combined one). */
    public static List<Edit> exclusions(SearchTree tree, String parentId) {
        List<Edit> exclude = new ArrayList<>(tree.branchEdits(parentId));
        tree.children(parentId).forEach(c -> exclude.addAll(c.edit().parts()));
        return exclude;
    }

    /**
     * The children a parent's proposals make, named in order after the tree's last node: the proposer's edits minus
     * repeats of its branch and of its earlier children, capped at {@code count}, one child each; for an expansion
     * that serves the top of the frontier ({@link ReflectionGoal#TOP}), one child that applies them all at once
     * (the first of each {@linkplain Edit#subject subject}: two scaffolds cannot both hold), without the edits that
     * would undo a change of the branch found helpful: one that sets the subject of the branch's last change of it
     * otherwise, when that change is in {@code helpfulChanges} (by {@link Edit#key}). Undoing a change that helped
     * rarely makes the most accurate node pass more cases, and one such part sinks the others' gains.
     */
    public static List<ChildSpec> children(SearchTree tree, String parentId, List<Edit> proposed, int count,
                                           ReflectionGoal goal, Set<String> helpfulChanges) {
        List<Edit> candidates = goal == ReflectionGoal.TOP ? withoutUndos(tree, parentId, proposed, helpfulChanges)
                : proposed;
        List<Edit> edits = distinct(candidates, exclusions(tree, parentId), count);
        if (goal == ReflectionGoal.TOP) {
            Set<String> subjects = new HashSet<>();
            List<Edit> parts = edits.stream().filter(e -> subjects.add(e.subject())).toList();
            edits = parts.size() < 2 ? parts : List.of(Edit.combined(parts));
        }
        List<ChildSpec> children = new ArrayList<>();
        for (Edit e : edits) {
            children.add(new ChildSpec(tree.nextId(children.size()), e, Origin.REFLECTION));
        }
        return children;
    }

    /** {@code proposed} without the edits that set a subject otherwise than the branch's helpful change of it. */
    private static List<Edit> withoutUndos(SearchTree tree, String parentId, List<Edit> proposed,
                                           Set<String> helpfulChanges) {
        Map<String, Edit> held = new HashMap<>();
        tree.branchEdits(parentId).forEach(e -> held.put(e.subject(), e));
        return proposed.stream().filter(e -> {
            Edit last = held.get(e.subject());
            return last == null || last.sameChangeAs(e) || !helpfulChanges.contains(last.key());
        }).toList();
    }

    /** The proposer's edits minus repeats, capped at {@code count}. */
    public static List<Edit> distinct(List<Edit> proposed, List<Edit> exclude, int count) {
        List<Edit> kept = new ArrayList<>();
        for (Edit e : proposed) {
            boolean seen = exclude.stream().anyMatch(e::sameChangeAs) || kept.stream().anyMatch(e::sameChangeAs);
            if (!seen && kept.size() < count) {
                kept.add(e);
            }
        }
        return kept;
    }
}
