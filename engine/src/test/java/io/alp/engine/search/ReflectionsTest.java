package io.alp.engine.search;

import io.alp.engine.model.Edit;
import io.alp.engine.model.EditClass;
import io.alp.engine.port.ReflectionGoal;
import io.alp.engine.tree.Origin;
import io.alp.engine.tree.SearchTree;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReflectionsTest {

    private static final Edit TOOL = Trees.edit(EditClass.TOOL, "add a search tool");
    private static final Edit CLAUSE = Trees.edit(EditClass.PROMPT, "read before editing");
    private static final Edit VERIFY = Trees.edit(EditClass.PROMPT, "verify before done");

    private static Edit scaffold(String value) {
        return Edit.of(EditClass.SCAFFOLD, "use scaffold " + value, Map.of("knob", "scaffold", "value", value));
    }

    @Test
    void anExpansionForTheFrontierMakesOneChildPerNewEditUpToTheCount() {
        SearchTree t = Trees.withRoot(50, 1.0);
        Trees.scored(t, "n1", SearchTree.ROOT, TOOL, 55, 1.0, true);

        List<ChildSpec> children = Reflections.children(t, "n1", List.of(TOOL, CLAUSE, CLAUSE, VERIFY,
                scaffold("plan")), 2, ReflectionGoal.FRONTIER, Set.of());

        // the branch's own edit and the repeat are dropped, and the count caps what is left
        assertEquals(List.of(CLAUSE, VERIFY), children.stream().map(ChildSpec::edit).toList());
        assertEquals(List.of("n2", "n3"), children.stream().map(ChildSpec::nodeId).toList());
        assertTrue(children.stream().allMatch(c -> c.origin() == Origin.REFLECTION));
    }

    @Test
    void anExpansionForTheTopAppliesItsNewEditsTogetherInOneChild() {
        SearchTree t = Trees.withRoot(50, 1.0);
        Trees.scored(t, "n1", SearchTree.ROOT, TOOL, 55, 1.0, true);

        List<ChildSpec> children = Reflections.children(t, "n1", List.of(CLAUSE, TOOL, scaffold("plan"),
                scaffold("reflect"), VERIFY, Trees.edit(EditClass.MEMORY, "beyond the count")), 4,
                ReflectionGoal.TOP, Set.of());

        assertEquals(1, children.size());
        assertEquals("n2", children.get(0).nodeId());
        // the count caps the new edits, and of two scaffolds only the first is applied
        assertEquals(List.of(CLAUSE, scaffold("plan"), VERIFY), children.get(0).edit().parts());
        assertEquals(EditClass.COMBINED, children.get(0).edit().editClass());
    }

    @Test
    void anExpansionForTheTopWithOneNewEditMakesAPlainChildAndWithNoneNoChild() {
        SearchTree t = Trees.withRoot(50, 1.0);
        Trees.scored(t, "n1", SearchTree.ROOT, TOOL, 55, 1.0, true);

        List<ChildSpec> one = Reflections.children(t, "n1", List.of(TOOL, CLAUSE), 4, ReflectionGoal.TOP, Set.of());
        assertEquals(List.of(CLAUSE), one.stream().map(ChildSpec::edit).toList());

        assertEquals(List.of(), Reflections.children(t, "n1", List.of(TOOL), 4, ReflectionGoal.TOP, Set.of()));
    }

    @Test
    void editsTriedTogetherOnAParentAreNotProposedThereAgainOneByOne() {
        SearchTree t = Trees.withRoot(50, 1.0);
        t.addChild("n1", SearchTree.ROOT, Edit.combined(List.of(CLAUSE, VERIFY)), Origin.REFLECTION, null);

        List<Edit> exclude = Reflections.exclusions(t, SearchTree.ROOT);
        assertEquals(List.of(CLAUSE, VERIFY), exclude);
        assertEquals(List.of(TOOL), Reflections.children(t, SearchTree.ROOT, List.of(VERIFY, TOOL, CLAUSE), 2,
                ReflectionGoal.FRONTIER, Set.of()).stream().map(ChildSpec::edit).toList());
    }

    @Test
    void theTopsChildLeavesOutEditsThatUndoAHelpfulChangeOfItsBranch() {
        SearchTree t = Trees.withRoot(50, 1.0);
        Edit toolOn = tool("search", "on");
        Edit toolOff = tool("search", "off");
        Trees.scored(t, "n1", SearchTree.ROOT, Edit.combined(List.of(toolOn, scaffold("plan"))), 58, 1.0, true);
        List<Edit> proposed = List.of(toolOff, CLAUSE, scaffold("reflect"), VERIFY);

        // the tool helped: turning it off is left out; the scaffold did not: replacing it is kept
        List<ChildSpec> children = Reflections.children(t, "n1", proposed, 4, ReflectionGoal.TOP,
                Set.of(toolOn.key()));
        assertEquals(List.of(CLAUSE, scaffold("reflect"), VERIFY), children.get(0).edit().parts());

        // with nothing known to help, every new edit is tried
        assertEquals(List.of(toolOff, CLAUSE, scaffold("reflect"), VERIFY),
                Reflections.children(t, "n1", proposed, 4, ReflectionGoal.TOP, Set.of()).get(0).edit().parts());
        // an expansion for the frontier as a whole may undo anything (a cost cut often does)
        assertEquals(List.of(toolOff, CLAUSE), Reflections.children(t, "n1", proposed, 2, ReflectionGoal.FRONTIER,
                Set.of(toolOn.key())).stream().map(ChildSpec::edit).toList());
    }

    private static Edit tool(String name, String value) {
        return Edit.of(EditClass.TOOL, "turn " + value + " tool " + name, Map.of("tool", name, "value", value));
    }
}
