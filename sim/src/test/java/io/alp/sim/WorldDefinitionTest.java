package io.alp.sim;

import io.alp.sim.world.WorldDefinition;
import io.alp.sim.world.WorldDefinitionException;
import io.alp.sim.world.WorldParser;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorldDefinitionTest {

    private static final String TERMINAL = SimWorlds.definition("terminal");

    @Test
    void bundledWorldsParse() {
        for (String name : SimWorlds.bundled()) {
            WorldDefinition world = WorldParser.parse(name + ".yaml", SimWorlds.definition(name));
            assertEquals(name, world.name());
            assertEquals("simulated world '" + name + "'", world.label());
        }
    }

    @Test
    void aWordWhereANumberBelongsNamesFileLineAndField() {
        String broken = TERMINAL.replaceFirst("priceIn: 1.5", "priceIn: cheap");
        WorldDefinitionException e = fails(broken);
        assertEquals("terminal.yaml line " + lineOf(broken, "priceIn: cheap")
                + ", field models[1].priceIn: expected a number, got \"cheap\"", e.getMessage());
    }

    @Test
    void unknownFieldsAreRefused() {
        String broken = TERMINAL.replaceFirst("    priceOut: 8.0", "    priceOut: 8.0\n    colour: blue");
        WorldDefinitionException e = fails(broken);
        assertEquals(lineOf(broken, "colour: blue"), e.line());
        assertEquals("models[1].colour", e.field());
        assertTrue(e.getMessage().contains("unknown field"), e.getMessage());
    }

    @Test
    void missingRequiredFieldsAreNamed() {
        String broken = TERMINAL.replaceFirst("    share: 0.20\n    difficulty: \\[0.0, 2.0]", "    difficulty: [0.0, 2.0]");
        WorldDefinitionException e = fails(broken);
        assertEquals("categories[1].share", e.field());
        assertTrue(e.getMessage().contains("required field is missing"), e.getMessage());
        assertEquals(lineOf(broken, "- name: git"), e.line());
    }

    @Test
    void sharesMustSumToOne() {
        WorldDefinitionException e = fails(TERMINAL.replaceFirst("share: 0.25", "share: 0.45"));
        assertEquals("categories", e.field());
        assertTrue(e.getMessage().contains("shares sum to 1.200"), e.getMessage());
    }

    @Test
    void routesToUndeclaredModelsAreRefused() {
        String broken = TERMINAL.replaceFirst("  route: frontier", "  route: {file-ops: frontier, git: gpt-9, "
                + "build-debug: frontier, data-processing: frontier, system-network: frontier}");
        WorldDefinitionException e = fails(broken);
        assertEquals("baseline.route.git", e.field());
        assertEquals(lineOf(broken, "git: gpt-9"), e.line());
        assertTrue(e.getMessage().contains("routes to undeclared model \"gpt-9\""), e.getMessage());
    }

    @Test
    void baselineKnobsMustExist() {
        String broken = TERMINAL.replaceFirst("  tools: \\[]", "  tools: [build_log, hammer]");
        WorldDefinitionException e = fails(broken);
        assertEquals("baseline.tools[1]", e.field());
        assertTrue(e.getMessage().contains("unknown tool \"hammer\""), e.getMessage());

        WorldDefinitionException scaffold = fails(TERMINAL.replaceFirst("  scaffold: none", "  scaffold: waterfall"));
        assertEquals("baseline.scaffold", scaffold.field());
    }

    @Test
    void needsMustReferToDeclaredKnobs() {
        String broken = TERMINAL.replaceFirst("values: git_inspect", "values: git_blame");
        WorldDefinitionException e = fails(broken);
        assertEquals("categories[1].needs[0].values", e.field());
        assertEquals(lineOf(broken, "values: git_blame"), e.line());
        assertTrue(e.getMessage().contains("unknown tool \"git_blame\""), e.getMessage());
    }

    @Test
    void everyModelNeedsASkillForEveryCategory() {
        WorldDefinitionException e = fails(TERMINAL.replaceFirst(", system-network: 1.3}", "}"));
        assertEquals("models[1].skill.system-network", e.field());
    }

    @Test
    void duplicateNamesAreRefused() {
        WorldDefinitionException e = fails(TERMINAL.replaceFirst("name: file_search", "name: build_log"));
        assertTrue(e.getMessage().contains("declared twice"), e.getMessage());
    }

    @Test
    void yamlSyntaxErrorsHaveALine() {
        String broken = TERMINAL.replaceFirst("  - name: mid\n", "  - name: mid\n   bad: [unclosed\n");
        WorldDefinitionException e = fails(broken);
        assertTrue(e.line() > 0, e.getMessage());
        assertTrue(e.getMessage().startsWith("terminal.yaml line "), e.getMessage());
        assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
    }

    @Test
    void emptyAndNonMappingDocumentsAreRefused() {
        assertTrue(fails("").getMessage().contains("empty"));
        assertTrue(fails("- just\n- a list\n").getMessage().contains("expected a mapping"));
    }

    @Test
    void theFactoryNamesAFileWorldByItsPath() {
        WorldDefinitionException e = assertThrows(WorldDefinitionException.class,
                () -> WorldParser.parse("/tmp/mine.yaml", TERMINAL.replaceFirst("bonus: 0.5", "bonus: lots")));
        assertTrue(e.getMessage().startsWith("/tmp/mine.yaml line "), e.getMessage());
    }

    private static WorldDefinitionException fails(String text) {
        return assertThrows(WorldDefinitionException.class, () -> WorldParser.parse("terminal.yaml", text));
    }

    private static int lineOf(String text, String fragment) {
        int index = text.indexOf(fragment);
        assertTrue(index >= 0, fragment);
        return (int) text.substring(0, index).chars().filter(ch -> ch == '\n').count() + 1;
    }
}
