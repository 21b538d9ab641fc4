package io.alp.engine.frontier;

import io.alp.engine.frontier.SharedChangeEstimates.Node;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharedChangeEstimatesTest {

    private static final double SPREAD = 0.05 * 0.05;

    private static Node node(String id, String parent, Map<String, String> changes, int passesOf200) {
        return new Node(id, parent, changes, 200, passesOf200);
    }

    private static Map<String, String> change(String subject, String value) {
        return Map.of(subject, subject + "=" + value);
    }

    @Test
    void aChangeThatHelpedOnOtherBranchesLiftsAnUnluckySampleOfIt() {
        List<Node> nodes = List.of(
                node("root", null, Map.of(), 100),
                node("a", "root", change("clause", "x"), 100),
                node("b", "root", change("scaffold", "plan"), 100),
                node("a+tool", "a", change("tool", "search"), 130),
                node("b+tool", "b", change("tool", "search"), 130),
                node("root+tool", "root", change("tool", "search"), 100)); // unlucky: 50% like its parent
        Map<String, Double> shared = SharedChangeEstimates.of(nodes, SPREAD).estimates();
        double tree = TreeEstimates.of(nodes.stream().map(n -> new TreeEstimates.Measured(n.id(), n.parentId(),
                "TOOL", n.cases(), n.passes())).toList()).get("root+tool").mean();
        assertTrue(shared.get("root+tool") > 0.54, "the tool's effect elsewhere: " + shared.get("root+tool"));
        assertTrue(shared.get("root+tool") > tree + 0.03, "the tree model draws each effect afresh: " + tree);
        assertTrue(shared.get("a+tool") < 0.65, "and the lucky ones come down: " + shared.get("a+tool"));
    }

    @Test
    void aLaterChangeOfTheSameSubjectReplacesTheEarlierOne() {
        // root -> summary -> window holds the same configuration as root -> window
        List<Node> nodes = List.of(
                node("root", null, Map.of(), 120),
                node("summary", "root", change("memory", "summary"), 80),
                node("summary>window", "summary", change("memory", "window"), 100),
                node("window", "root", change("memory", "window"), 100));
        Map<String, Double> shared = SharedChangeEstimates.of(nodes, SPREAD).estimates();
        assertEquals(shared.get("window"), shared.get("summary>window"), 1e-9);
    }

    @Test
    void aCombinedEditCountsAsEachOfItsParts() {
        List<Node> nodes = List.of(
                node("root", null, Map.of(), 100),
                node("tool", "root", change("tool", "search"), 130),
                node("both", "root", Map.of("tool", "tool=search", "clause", "clause=x"), 100),
                node("clause", "root", change("clause", "x"), 100));
        Map<String, Double> shared = SharedChangeEstimates.of(nodes, SPREAD).estimates();
        assertTrue(shared.get("both") > shared.get("clause") + 0.02,
                "the combination holds the tool that helped: " + shared);
    }

    @Test
    void eachPartOfACombinedEditHasAnEffectOfItsOwn() {
        // the tool alone gained 15 points; with the clause, nothing: the clause must have cost about as much
        List<Node> nodes = List.of(
                node("root", null, Map.of(), 100),
                node("tool", "root", change("tool", "search"), 130),
                node("both", "root", Map.of("tool", "tool=search", "clause", "clause=x"), 100),
                node("scaffold+clause", "root", Map.of("scaffold", "scaffold=plan", "clause", "clause=x"), 80));
        Map<String, Double> effects = SharedChangeEstimates.of(nodes, SPREAD).effects();
        assertEquals(Set.of("tool=search", "clause=x", "scaffold=plan"), effects.keySet());
        assertTrue(effects.get("tool=search") > 0.05, "the tool helped: " + effects);
        assertTrue(effects.get("clause=x") < -0.05, "the clause undid it: " + effects);
        assertTrue(effects.get("scaffold=plan") > effects.get("clause=x"),
                "the scaffold's combination lost less than the clause alone explains: " + effects);
    }

    @Test
    void aChangeIsPulledTowardItsPriorMeanRatherThanTowardZero() {
        // a climb of two changes, each measured once: drawn around zero, each gain is shrunk and the top comes out low
        List<Node> nodes = List.of(
                node("root", null, Map.of(), 100),
                node("tool", "root", change("tool", "search"), 120),
                node("top", "tool", change("scaffold", "plan"), 140));
        SharedChangeEstimates.Fit aroundZero = SharedChangeEstimates.of(nodes, SPREAD);
        SharedChangeEstimates.Fit aroundTen = SharedChangeEstimates.of(nodes, SPREAD,
                Map.of("tool=search", 0.10, "scaffold=plan", 0.10));
        assertTrue(aroundZero.estimates().get("top") < 0.69, "shrunk toward the root: " + aroundZero.estimates());
        assertTrue(aroundTen.estimates().get("top") > aroundZero.estimates().get("top") + 0.005,
                aroundZero.estimates() + " vs " + aroundTen.estimates());
        assertTrue(aroundTen.effects().get("tool=search") > aroundZero.effects().get("tool=search"),
                aroundZero.effects() + " vs " + aroundTen.effects());
        assertEquals(aroundZero, SharedChangeEstimates.of(nodes, SPREAD, Map.of("other=change", 0.5)),
                "a prior for a change not in the tree changes nothing");
    }

    @Test
    void wellMeasuredNodesKeepTheirSamples() {
        List<Node> nodes = List.of(
                new Node("root", null, Map.of(), 100_000, 50_000),
                new Node("child", "root", change("tool", "search"), 100_000, 71_000),
                new Node("grandchild", "child", change("clause", "x"), 100_000, 64_000));
        Map<String, Double> shared = SharedChangeEstimates.of(nodes, SPREAD).estimates();
        assertEquals(0.50, shared.get("root"), 0.002);
        assertEquals(0.71, shared.get("child"), 0.002);
        assertEquals(0.64, shared.get("grandchild"), 0.002);
    }

    @Test
    void onlyTheFirstRootsTreeIsEstimatedAndALoneRootNot() {
        assertEquals(SharedChangeEstimates.Fit.EMPTY,
                SharedChangeEstimates.of(List.of(node("root", null, Map.of(), 100)), SPREAD));
        Map<String, Double> shared = SharedChangeEstimates.of(List.of(
                node("root", null, Map.of(), 100),
                node("child", "root", change("tool", "search"), 110),
                node("other", null, Map.of(), 150),
                node("orphan", "missing", change("tool", "search"), 150)), SPREAD).estimates();
        assertEquals(List.of("root", "child"), List.copyOf(shared.keySet()));
    }
}
