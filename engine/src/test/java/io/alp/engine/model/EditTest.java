package io.alp.engine.model;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EditTest {

    private static final Edit TOOL = Edit.of(EditClass.TOOL, "enable search", Map.of("knob", "tool:search",
            "value", "on"));
    private static final Edit MEMORY = Edit.of(EditClass.MEMORY, "use summary", Map.of("knob", "memory",
            "value", "summary"));
    private static final Edit PROMPT = Edit.of(EditClass.PROMPT, "cite;\nthe policy", Map.of("files", "prompt.md",
            "change", "add a rule"));

    @Test
    void aCombinedEditGivesBackItsPartsInOrder() {
        Edit combined = Edit.combined(List.of(MEMORY, TOOL, PROMPT));
        assertEquals(EditClass.COMBINED, combined.editClass());
        assertEquals(List.of(MEMORY, TOOL, PROMPT), combined.parts());
        assertEquals(List.of(TOOL), TOOL.parts());
        assertTrue(combined.description().contains("(1) use summary"), combined.description());
        assertFalse(combined.description().contains("\n"), "one line, as the tree and tables print it");
    }

    @Test
    void howPartsAreWordedIsNotPartOfTheChange() {
        Edit reworded = Edit.of(EditClass.TOOL, "turn search on", TOOL.payload());
        assertTrue(Edit.combined(List.of(MEMORY, TOOL)).sameChangeAs(Edit.combined(List.of(MEMORY, reworded))));
        assertEquals("turn search on", Edit.combined(List.of(MEMORY, reworded)).parts().get(1).description());
    }

    @Test
    void theOrderOfPartsIsPartOfTheChange() {
        assertNotEquals(Edit.combined(List.of(MEMORY, TOOL)).key(), Edit.combined(List.of(TOOL, MEMORY)).key());
        assertTrue(Edit.combined(List.of(MEMORY, TOOL)).sameChangeAs(Edit.combined(List.of(MEMORY, TOOL))));
    }

    @Test
    void aCombinationNeedsTwoSingleEdits() {
        assertThrows(IllegalArgumentException.class, () -> Edit.combined(List.of(TOOL)));
        Edit pair = Edit.combined(List.of(MEMORY, TOOL));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Edit.combined(List.of(pair, PROMPT)));
        assertTrue(e.getMessage().contains("part 1"), e.getMessage());
    }

    @Test
    void editsThatPickAValueForTheSameThingShareASubject() {
        Edit window = Edit.of(EditClass.MEMORY, "use window", Map.of("knob", "memory", "value", "window"));
        assertEquals(MEMORY.subject(), window.subject());
        assertNotEquals(MEMORY.subject(), TOOL.subject());
        assertNotEquals(PROMPT.subject(), Edit.of(EditClass.PROMPT, "x", Map.of("files", "prompt.md",
                "change", "another rule")).subject());
    }
}
