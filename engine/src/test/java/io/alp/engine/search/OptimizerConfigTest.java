package io.alp.engine.search;

import io.alp.engine.config.ConfigException;
import io.alp.engine.config.YamlNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OptimizerConfigTest {

    private static OptimizerConfig read(String section, List<String> otherFields) {
        YamlNode root = YamlNode.root("session.yaml", "seed: 1\noptimizer:\n" + section);
        return OptimizerConfig.from(root.asMap().required("optimizer"), otherFields);
    }

    @Test
    void theBudgetIsReadWithTheSearchFromTheOptimizerSection() {
        OptimizerConfig config = read("""
                  budgetUsd: 12.5
                  branching: 4
                  parallelRounds: 1
                  stallRounds: 9
                  maxNodes: 50
                  maxExpansionsPerNode: 2
                  compounding: false
                  evaluation: full
                """, List.of());
        assertEquals(new OptimizerConfig(new SearchConfig(4, 1, 9, 50, 2, false, false), 12.5), config);
    }

    @Test
    void searchFieldsLeftOutKeepTheirDefaults() {
        assertEquals(OptimizerConfig.withBudget(3), read("  budgetUsd: 3\n", List.of()));
    }

    @Test
    void fieldsOtherModulesReadAreAllowedOnlyWhenNamed() {
        String section = "  budgetUsd: 3\n  proposer: openai/gpt-4.1\n";
        assertEquals(3, read(section, List.of("proposer", "worker")).budgetUsd());
        ConfigException e = assertThrows(ConfigException.class, () -> read(section, List.of()));
        assertEquals("optimizer.proposer", e.field());
        assertEquals(4, e.line());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "budgetUsd: -5|optimizer.budgetUsd|expected a positive number, got -5",
            "budgetUsd: lots|optimizer.budgetUsd|expected a number, got \"lots\"",
            "branching: 0|optimizer.branching|expected a number from 1 to 1000000, got 0",
            "maxNodes: many|optimizer.maxNodes|expected a number, got \"many\"",
            "compounding: often|optimizer.compounding|expected true or false, got \"often\"",
            "evaluation: partial|optimizer.evaluation|expected staged or full, got \"partial\"",
            "budget: 5|optimizer.budget|unknown field; expected one of budgetUsd, branching, parallelRounds, "
                    + "stallRounds, maxNodes, maxExpansionsPerNode, compounding, evaluation"})
    void aBadValueIsNamedByFileLineAndField(String line, String field, String problem) {
        String section = line.startsWith("budget") ? "  " + line + "\n" : "  budgetUsd: 3\n  " + line + "\n";
        ConfigException e = assertThrows(ConfigException.class, () -> read(section, List.of()));
        assertEquals("session.yaml", e.file());
        assertEquals(line.startsWith("budget") ? 3 : 4, e.line(), e.getMessage());
        assertEquals(field, e.field());
        assertEquals(problem, e.problem());
    }

    @Test
    void aMissingBudgetIsNamed() {
        ConfigException e = assertThrows(ConfigException.class, () -> read("  branching: 2\n", List.of()));
        assertEquals("optimizer.budgetUsd", e.field());
        assertEquals("required field is missing", e.problem());
    }
}
