package io.alp.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alp.engine.model.Case;
import io.alp.sim.oracle.FrontierPoint;
import io.alp.sim.oracle.FrontierTable;
import io.alp.sim.oracle.Oracle;
import io.alp.sim.oracle.OracleResult;
import io.alp.sim.oracle.TrueScore;
import io.alp.sim.world.AgentSpec;
import io.alp.sim.world.Harness;
import io.alp.sim.world.WorldDefinition;
import io.alp.sim.world.WorldParser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OracleTest {

    private static final Oracle TERMINAL = Oracle.of("terminal");
    private static final List<Case> CASES = TERMINAL.sample(1, 200);
    private static final OracleResult RESULT = timed(() -> TERMINAL.frontier(CASES));

    private static OracleResult timed(java.util.function.Supplier<OracleResult> run) {
        long start = System.nanoTime();
        OracleResult result = run.get();
        System.out.printf("oracle: %,d configurations x %d cases in %d ms, %d frontier points%n",
                result.configurations(), CASES.size(), (System.nanoTime() - start) / 1_000_000,
                result.frontier().size());
        return result;
    }

    @Test
    void bothWorldsHaveTensOfThousandsOfConfigurations() {
        assertTrue(RESULT.configurations() >= 10_000, "terminal: " + RESULT.configurations());
        assertEquals(TERMINAL.world().configurationCount(), RESULT.configurations());
        assertTrue(Oracle.of("support").configurations() >= 10_000);
    }

    @Test
    void frontierIsNonDominatedAndSortedCheapestFirst() {
        List<FrontierPoint> frontier = RESULT.frontier();
        assertTrue(frontier.size() > 10);
        for (int i = 0; i < frontier.size(); i++) {
            for (int j = 0; j < frontier.size(); j++) {
                FrontierPoint other = frontier.get(j);
                assertFalse(i != j && frontier.get(i).dominates(other.passRate(), other.costPerCase()),
                        frontier.get(i) + " dominates " + other);
            }
            if (i > 0) {
                assertTrue(frontier.get(i).costPerCase() > frontier.get(i - 1).costPerCase());
                assertTrue(frontier.get(i).passRate() > frontier.get(i - 1).passRate());
            }
        }
    }

    @Test
    void frontierPointsReportTheirTrueScores() {
        for (FrontierPoint point : RESULT.frontier()) {
            TrueScore truth = TERMINAL.trueScore(point.config(), CASES);
            assertEquals(truth.passRate(), point.passRate(), 1e-9, point.config());
            assertEquals(truth.costPerCase(), point.costPerCase(), 1e-9, point.config());
        }
    }

    @Test
    void noRandomConfigurationBeatsTheFrontier() {
        SimWorld world = TestWorlds.world("terminal");
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 3000; i++) {
            TrueScore score = TERMINAL.trueScore(TestWorlds.randomSource(world, random), CASES);
            boolean covered = RESULT.frontier().stream().anyMatch(p -> p.passRate() >= score.passRate() - 1e-12
                    && p.costPerCase() <= score.costPerCase() + 1e-12);
            assertTrue(covered, "no frontier point covers " + score);
        }
    }

    @Test
    void frontierDominatesTheTerminalBaselineByFar() {
        TrueScore baseline = TERMINAL.trueScore(TERMINAL.baselineSource(), CASES);
        assertTrue(RESULT.frontier().stream().anyMatch(p -> p.passRate() >= baseline.passRate() + 0.10
                && p.costPerCase() <= baseline.costPerCase() / 2), "baseline " + baseline);
    }

    @Test
    void matchesBruteForceOnATinyWorld() {
        WorldDefinition tiny = WorldParser.parse("tiny.yaml", TINY);
        Oracle oracle = new Oracle(tiny);
        List<Case> cases = oracle.sample(3, 40);
        OracleResult result = oracle.frontier(cases);
        assertEquals(2 * 2 * 2 * 2 * 4, result.configurations());

        List<String> sources = new ArrayList<>();
        SimWorld world = new SimWorld(tiny, SimSettings.defaults(tiny));
        for (int clauses = 0; clauses < 2; clauses++) {
            for (int tools = 0; tools < 2; tools++) {
                for (int scaffold = 0; scaffold < 2; scaffold++) {
                    for (int memory = 0; memory < 2; memory++) {
                        for (int route = 0; route < 4; route++) {
                            sources.add(world.codec().format(new AgentSpec(new Harness(clauses, tools, scaffold, memory),
                                    List.of(route & 1, route >> 1))));
                        }
                    }
                }
            }
        }
        Set<String> expected = new HashSet<>();
        for (String candidate : sources) {
            TrueScore mine = oracle.trueScore(candidate, cases);
            boolean dominated = sources.stream().map(s -> oracle.trueScore(s, cases)).anyMatch(o ->
                    o.passRate() >= mine.passRate() && o.costPerCase() <= mine.costPerCase()
                            && (o.passRate() > mine.passRate() || o.costPerCase() < mine.costPerCase()));
            if (!dominated) {
                expected.add(candidate);
            }
        }
        Set<String> actual = new HashSet<>();
        result.frontier().forEach(p -> actual.add(p.config()));
        assertEquals(expected, actual);
    }

    @Test
    void forWorldSamplesTheDatasetFromTheSeed() {
        OracleResult viaDefinition = Oracle.forWorld(SimWorlds.definition("terminal"), 1, 200);
        assertEquals(RESULT, viaDefinition);
    }

    @Test
    void resultSerializesAsFrontierAndConfigurations() throws Exception {
        JsonNode json = new ObjectMapper().valueToTree(RESULT);
        assertEquals(Set.of("frontier", "configurations"), fieldNames(json));
        assertEquals(Set.of("passRate", "costPerCase", "config"), fieldNames(json.get("frontier").get(0)));
        assertEquals(RESULT.configurations(), json.get("configurations").asLong());
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void tableRendersEveryPointLabelledSimulated() {
        String table = FrontierTable.render(RESULT);
        assertTrue(table.startsWith("[simulated]"));
        assertEquals(RESULT.frontier().size() + 2, table.split("\n").length);
        assertTrue(table.contains("746,496 configurations"), table.lines().findFirst().orElse(""));
    }

    static final String TINY = """
            name: tiny
            models:
              - {name: big, priceIn: 4, priceOut: 20, skill: {easy: 2, hard: 1.5}}
              - {name: small, priceIn: 0.2, priceOut: 1, skill: {easy: 1.6, hard: 0.2}}
            categories:
              - name: easy
                share: 0.6
                difficulty: [0, 1]
                tokens: {input: 1000, output: 100}
                needs:
                  - {name: look, symptom: it did not look, knob: tool, values: search, bonus: 0.5}
              - name: hard
                share: 0.4
                difficulty: [1, 3]
                tokens: {input: 3000, output: 300}
                longContext: true
                needs:
                  - {name: care, symptom: it was careless, knob: clause, values: careful, bonus: 0.4}
                  - {name: think, symptom: it did not plan, knob: scaffold, values: plan, bonus: 0.6}
            knobs:
              clauses: [{name: careful, tokens: 200}]
              tools: [{name: search, tokens: 300}]
              scaffolds: [{name: none, tokenFactor: 1}, {name: plan, tokenFactor: 1.3}]
              memory:
                - {name: full, inputFactor: 1, outputFactor: 1, longContextPenalty: 0}
                - {name: window, inputFactor: 0.4, outputFactor: 1, longContextPenalty: 0.7}
            baseline: {scaffold: none, memory: full, route: big}
            """;
}
