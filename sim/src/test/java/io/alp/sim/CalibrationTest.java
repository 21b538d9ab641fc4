package io.alp.sim;

import io.alp.engine.model.Case;
import io.alp.sim.oracle.FrontierPoint;
import io.alp.sim.oracle.Oracle;
import io.alp.sim.oracle.OracleResult;
import io.alp.sim.oracle.TrueScore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bundled worlds hit the figures they are documented to hit (the paper's TerminalBench shape). */
class CalibrationTest {

    /** Easy categories on the cheap open model, the rest on the frontier model, with the right harness. */
    static final String TERMINAL_ROUTED = "sim:clauses=read_before_edit,verify_before_done,minimal_changes;"
            + "tools=build_log,file_search,git_inspect,web_docs;scaffold=plan-verify;memory=summary;"
            + "route=file-ops:open-cheap,git:open-cheap,build-debug:frontier,data-processing:frontier,"
            + "system-network:frontier";

    private final Oracle terminal = Oracle.of("terminal");
    private final Oracle support = Oracle.of("support");

    @ParameterizedTest
    @CsvSource({"1,200", "2,200", "3,150", "4,100", "5,500"})
    void terminalBaselineIsAFrontierModelNear64PercentAt131Dollars(long seed, int size) {
        TrueScore baseline = terminal.trueScore(terminal.baselineSource(), terminal.sample(seed, size));
        assertEquals(0.64, baseline.passRate(), 0.03, "baseline pass-rate");
        assertEquals(1.31, baseline.costPerCase(), 0.10, "baseline $/case");
        assertTrue(terminal.baselineSource().contains("scaffold=none;memory=full"), terminal.baselineSource());
        assertTrue(terminal.baselineSource().startsWith("sim:clauses=;tools=;"), terminal.baselineSource());
    }

    @ParameterizedTest
    @CsvSource({"1,200", "2,100", "3,300"})
    void terminalRoutingPlusHarnessReaches80PercentAt53Cents(long seed, int size) {
        TrueScore routed = terminal.trueScore(TERMINAL_ROUTED, terminal.sample(seed, size));
        assertEquals(0.80, routed.passRate(), 0.03, "routed pass-rate");
        assertEquals(0.53, routed.costPerCase(), 0.08, "routed $/case");
    }

    @Test
    void terminalFrontierPassesNear80PercentAt53Cents() {
        OracleResult result = terminal.frontier(terminal.sample(1, 200));
        boolean near = result.frontier().stream()
                .anyMatch(p -> Math.abs(p.passRate() - 0.80) <= 0.03 && Math.abs(p.costPerCase() - 0.53) <= 0.08);
        assertTrue(near, "no frontier point near (80%, $0.53)");
        FrontierPoint atBudget = result.frontier().stream().filter(p -> p.costPerCase() <= 0.53 + 0.08)
                .reduce((a, b) -> b).orElseThrow();
        assertTrue(atBudget.passRate() < 0.84, "the frontier should not be far above 80% at $0.61: " + atBudget);
    }

    @Test
    void harnessEditsLiftPassRateOnTheSameModel() {
        List<Case> cases = terminal.sample(1, 200);
        double baseline = terminal.trueScore(terminal.baselineSource(), cases).passRate();
        for (String edit : List.of("tools=build_log;", "tools=git_inspect;", "clauses=verify_before_done;")) {
            String source = terminal.baselineSource().replace(edit.startsWith("tools") ? "tools=;" : "clauses=;", edit);
            assertTrue(terminal.trueScore(source, cases).passRate() > baseline + 0.01, source);
        }
        String harnessOnly = TERMINAL_ROUTED.replace("file-ops:open-cheap,git:open-cheap", "file-ops:frontier,git:frontier");
        assertTrue(terminal.trueScore(harnessOnly, cases).passRate() > baseline + 0.10, harnessOnly);
    }

    @Test
    void supportBaselineIsAMidModelWithFullMemoryNear70Percent() {
        List<Case> cases = support.sample(1, 200);
        TrueScore baseline = support.trueScore(support.baselineSource(), cases);
        assertEquals(0.70, baseline.passRate(), 0.03);
        assertTrue(baseline.costPerCase() >= 0.08 && baseline.costPerCase() <= 0.15, "support $/case " + baseline);
        assertTrue(support.baselineSource().contains("memory=full"));

        String summarized = support.baselineSource().replace("memory=full", "memory=summary");
        assertTrue(support.trueScore(summarized, cases).costPerCase() < 0.6 * baseline.costPerCase(),
                "memory policy is a main cost lever");
        String smallOrders = support.baselineSource().replace("order-status:mid", "order-status:small");
        assertTrue(support.trueScore(smallOrders, cases).costPerCase() < 0.9 * baseline.costPerCase(),
                "cheap routing is a cost lever");
    }
}
