package io.alp.engine.search;

import io.alp.engine.model.Edit;
import io.alp.engine.model.EditClass;
import io.alp.engine.port.ReflectionGoal;
import io.alp.engine.tree.Origin;
import io.alp.engine.tree.SearchTree;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

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
                scaffold("plan")), 2, ReflectionGoal.FRONTIER);

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
                ReflectionGoal.TOP);

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

        List<ChildSpec> one = Reflections.children(t, "n1", List.of(TOOL, CLAUSE), 4, ReflectionGoal.TOP);
        assertEquals(List.of(CLAUSE), one.stream().map(ChildSpec::edit).toList());

        assertEquals(List.of(), Reflections.children(t, "n1", List.of(TOOL), 4, ReflectionGoal.TOP));
    }

    @Test
    void editsTriedTogetherOnAParentAreNotProposedThereAgainOneByOne() {
        SearchTree t = Trees.withRoot(50, 1.0);
        t.addChild("n1", SearchTree.ROOT, Edit.combined(List.of(CLAUSE, VERIFY)), Origin.REFLECTION, null);

        List<Edit> exclude = Reflections.exclusions(t, SearchTree.ROOT);
        assertEquals(List.of(CLAUSE, VERIFY), exclude);
        assertEquals(List.of(TOOL), Reflections.children(t, SearchTree.ROOT, List.of(VERIFY, TOOL, CLAUSE), 2,
                ReflectionGoal.FRONTIER).stream().map(ChildSpec::edit).toList());
    }
}
