package io.alp.sim;

import io.alp.engine.model.Case;
import io.alp.sim.agent.SpecCodec;
import io.alp.sim.behaviour.CaseProfile;
import io.alp.sim.behaviour.OutcomeModel;
import io.alp.sim.oracle.Oracle;
import io.alp.sim.oracle.OracleResult;
import io.alp.sim.oracle.TrueScore;
import io.alp.sim.world.AgentSpec;
import io.alp.sim.world.Harness;
import io.alp.sim.world.WorldDefinition;
import io.alp.sim.world.WorldDefinitionException;
import io.alp.sim.world.WorldParser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Worlds whose edits interact: bonuses per routed model, conflicting knobs, knobs that hurt some categories. */
class InteractionWorldTest {

    /** Two clauses, two tools, two scaffolds, one memory policy, two models, two categories: 128 configurations. */
    static final String TINY = """
            name: tiny
            models:
              - {name: big, priceIn: 5.0, priceOut: 20.0, skill: {a: 1.0, b: 0.5}}
              - {name: small, priceIn: 0.5, priceOut: 2.0, skill: {a: 0.6, b: 0.0}}
            categories:
              - name: a
                share: 0.5
                difficulty: [-1.0, 1.0]
                tokens: {input: 10000, output: 500}
                needs:
                  - name: plan
                    symptom: no plan
                    knob: scaffold
                    values: plan
                    bonus: 0.8
                    modelBonus: {small: -0.5}
              - name: b
                share: 0.5
                difficulty: [0.0, 2.0]
                tokens: {input: 20000, output: 800}
                needs:
                  - name: look
                    symptom: did not look
                    knob: tool
                    values: search
                    bonus: 0.9
            interactions:
              - name: short-vs-plan
                when: [{clause: short}, {scaffold: plan}]
                penalty: 1.2
              - name: search-hurts-a
                when: [{tool: search}]
                penalty: 0.4
                categories: [a]
              - name: small-overload
                when: [{tool: search}, {tool: calc}]
                penalty: 0.7
                models: small
            knobs:
              clauses:
                - {name: short, tokens: 100}
                - {name: careful, tokens: 300}
              tools:
                - {name: search, tokens: 1000}
                - {name: calc, tokens: 500}
              scaffolds:
                - {name: none, tokenFactor: 1.0}
                - {name: plan, tokenFactor: 1.2}
              memory:
                - {name: full, inputFactor: 1.0, outputFactor: 1.0, longContextPenalty: 0.0}
            baseline: {clauses: [short], tools: [], scaffold: none, memory: full, route: big}
            """;

    private final WorldDefinition tiny = WorldParser.parse("tiny.yaml", TINY);
    private final OutcomeModel model = new OutcomeModel(tiny);

    @Test
    void aNeedsBonusDependsOnTheRoutedModel() {
        Harness plan = new Harness(0, 0, 1, 0);
        Harness none = new Harness(0, 0, 0, 0);
        assertEquals(0.8, model.logit(plan, 0, 0) - model.logit(none, 0, 0), 1e-12);
        assertEquals(-0.5, model.logit(plan, 1, 0) - model.logit(none, 1, 0), 1e-12);
    }

    @Test
    void conflictingKnobsArePenalizedOnlyTogether() {
        Harness plan = new Harness(0, 0, 1, 0);
        Harness shortAndPlan = new Harness(0b01, 0, 1, 0);
        Harness careful = new Harness(0b10, 0, 1, 0);
        assertEquals(-1.2, model.logit(shortAndPlan, 0, 1) - model.logit(plan, 0, 1), 1e-12);
        assertEquals(0, model.logit(careful, 0, 1) - model.logit(plan, 0, 1), 1e-12);
    }

    @Test
    void aKnobCanHurtSomeCategoriesAndSomeModels() {
        Harness bare = new Harness(0, 0, 0, 0);
        Harness search = new Harness(0, 0b01, 0, 0);
        Harness both = new Harness(0, 0b11, 0, 0);
        assertEquals(-0.4, model.logit(search, 0, 0) - model.logit(bare, 0, 0), 1e-12);
        assertEquals(0.9, model.logit(search, 0, 1) - model.logit(bare, 0, 1), 1e-12);
        assertEquals(0, model.logit(both, 0, 1) - model.logit(search, 0, 1), 1e-12);
        assertEquals(-0.7, model.logit(both, 1, 1) - model.logit(search, 1, 1), 1e-12);
    }

    @Test
    void theOracleStaysExactByBruteForce() {
        Oracle oracle = new Oracle(tiny);
        List<Case> cases = oracle.sample(5, 40);
        OracleResult result = oracle.frontier(cases);
        assertEquals(128, result.configurations());
        SpecCodec codec = new SpecCodec(tiny);
        List<String> sources = new ArrayList<>();
        for (int clauses = 0; clauses < 4; clauses++) {
            for (int tools = 0; tools < 4; tools++) {
                for (int scaffold = 0; scaffold < 2; scaffold++) {
                    for (int route = 0; route < 4; route++) {
                        sources.add(codec.format(new AgentSpec(new Harness(clauses, tools, scaffold, 0),
                                List.of(route & 1, route >> 1))));
                    }
                }
            }
        }
        List<double[]> truth = new ArrayList<>();
        for (String source : sources) {
            AgentSpec spec = codec.parse(source);
            double pass = 0;
            double cost = 0;
            for (Case c : cases) {
                CaseProfile p = CaseProfile.of(tiny, c);
                pass += model.passProbability(spec, p);
                cost += model.costUsd(spec, p);
            }
            truth.add(new double[] {pass / cases.size(), cost / cases.size()});
            TrueScore oracleScore = oracle.trueScore(source, cases);
            assertEquals(pass / cases.size(), oracleScore.passRate(), 1e-12, source);
        }
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < sources.size(); i++) {
            double[] mine = truth.get(i);
            boolean dominated = truth.stream().anyMatch(o -> o[0] >= mine[0] && o[1] <= mine[1]
                    && (o[0] > mine[0] || o[1] < mine[1]));
            if (!dominated) {
                expected.add(sources.get(i));
            }
        }
        Set<String> actual = new HashSet<>();
        result.frontier().forEach(p -> actual.add(p.config()));
        assertEquals(expected, actual);
        assertTrue(actual.stream().noneMatch(s -> s.contains("clauses=short;") && s.contains("scaffold=plan")),
                "the conflict keeps short+plan off the frontier: " + actual);
    }

    @Test
    void errorsNameTheFileLineAndField() {
        WorldDefinitionException unknownKnob = fails(TINY.replace("{tool: calc}]", "{tool: abacus}]"));
        assertEquals("interactions[2].when[1].tool", unknownKnob.field());
        assertEquals(lineOf(TINY, "when: [{tool: search}, {tool: calc}]"), unknownKnob.line());
        assertTrue(unknownKnob.getMessage().startsWith("tiny.yaml line "), unknownKnob.getMessage());
        assertTrue(unknownKnob.getMessage().contains("unknown tool \"abacus\""), unknownKnob.getMessage());

        WorldDefinitionException twoKnobs = fails(TINY.replace("{clause: short}, {scaffold: plan}",
                "{clause: short, scaffold: plan}"));
        assertEquals("interactions[0].when[0]", twoKnobs.field());

        WorldDefinitionException category = fails(TINY.replace("categories: [a]", "categories: [a, z]"));
        assertEquals("interactions[1].categories[1]", category.field());
        assertTrue(category.getMessage().contains("unknown category \"z\""), category.getMessage());

        WorldDefinitionException modelName = fails(TINY.replace("models: small", "models: tiny"));
        assertEquals("interactions[2].models", modelName.field());

        WorldDefinitionException bonus = fails(TINY.replace("modelBonus: {small: -0.5}", "modelBonus: {huge: 1}"));
        assertEquals("categories[0].needs[0].modelBonus.huge", bonus.field());
        assertEquals(lineOf(TINY, "modelBonus:"), bonus.line());

        WorldDefinitionException penalty = fails(TINY.replace("penalty: 1.2", "penalty: -1"));
        assertEquals("interactions[0].penalty", penalty.field());
        assertEquals(lineOf(TINY, "penalty: 1.2"), penalty.line());
    }

    @Test
    void theBundledAnalystWorldUsesEveryKindOfInteraction() {
        WorldDefinition analyst = TestWorlds.definition("analyst");
        assertTrue(analyst.categories().stream().flatMap(c -> c.needs().stream())
                .anyMatch(n -> !n.modelBonus().isEmpty()));
        assertTrue(analyst.interactions().stream().anyMatch(i -> i.when().size() == 2));
        assertTrue(analyst.interactions().stream().anyMatch(i -> !i.categories().isEmpty()));
    }

    private static WorldDefinitionException fails(String text) {
        return assertThrows(WorldDefinitionException.class, () -> WorldParser.parse("tiny.yaml", text));
    }

    private static int lineOf(String text, String fragment) {
        int index = text.indexOf(fragment);
        assertTrue(index >= 0, fragment);
        return (int) text.substring(0, index).chars().filter(ch -> ch == '\n').count() + 1;
    }
}
