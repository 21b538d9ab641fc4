package io.alp.evaluator.edit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EditablePathsTest {

    private final EditablePaths paths = EditablePaths.of("prompts/**", "agent.json", "**/*.md");

    @Test
    void globsMatchRelativePaths() {
        assertTrue(paths.allows("prompts/system.txt"));
        assertTrue(paths.allows("prompts/deep/er/tool.yaml"));
        assertTrue(paths.allows("agent.json"));
        assertTrue(paths.allows("docs/notes.md"));
        assertTrue(paths.allows("README.md"), "**/ also matches at the root");
        assertFalse(paths.allows("src/Main.java"));
        assertFalse(paths.allows("config/agent.json"));
        assertFalse(paths.allows("prompts"));
    }

    @Test
    void escapingAbsoluteAndOddPathsAreNeverAllowed() {
        assertFalse(paths.allows("prompts/../src/Main.java"));
        assertFalse(paths.allows("../outside.md"));
        assertFalse(paths.allows("prompts/.."));
        assertFalse(paths.allows("/etc/passwd.md"));
        assertFalse(paths.allows("/prompts/a.md"));
        assertFalse(paths.allows("C:/prompts/a.md"));
        assertFalse(paths.allows("prompts\\a.md"));
        assertFalse(paths.allows("prompts//a.md"));
        assertFalse(paths.allows("./prompts/a.md"));
        assertFalse(paths.allows(".git/config.md"));
        assertFalse(paths.allows(""));
        assertFalse(paths.allows(null));
    }

    @Test
    void noPatternsIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> EditablePaths.of());
        assertThrows(IllegalArgumentException.class, () -> EditablePaths.of(" "));
    }
}
