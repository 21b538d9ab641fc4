package io.alp.engine.node;

import io.alp.engine.evaluation.EvaluationAllowance;
import io.alp.engine.frontier.PassMask;
import io.alp.engine.model.Case;
import io.alp.engine.model.Outcome;
import io.alp.engine.search.Racing;
import io.alp.engine.search.StagedEvaluation;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The evaluating state's decisions: what to send under its grant, when to ask for more, when it is done. */
class EvaluatingTest {

    private static final double EPS = 1e-9;
    private static final double CAP = 0.10;
    private static final EvaluationAllowance ALLOWANCE = new EvaluationAllowance(CAP);
    private static final List<Case> TEN = cases(10);

    private static List<Case> cases(int n) {
        return IntStream.range(0, n).mapToObj(i -> new Case("c" + i, "input " + i, Map.of())).toList();
    }

    private static Outcome outcome(String caseId, boolean pass, double costUsd) {
        return new Outcome(caseId, pass, pass ? "ok" : "wrong", "out", 10, 10, costUsd, 0, 1);
    }

    /** A node evaluated on every case at once, holding {@code grantedUsd}. */
    private static Evaluating evaluating(double grantedUsd) {
        NodeSpec spec = new NodeSpec("s1", "n1", "n0", "p", null, null, "d1", false, 7, Racing.Context.NONE);
        return new NodeLifecycle.Unopened().open(spec).materialized("src", 0.01).granted(grantedUsd);
    }

    private static List<String> ids(List<Case> cases) {
        return cases.stream().map(Case::id).toList();
    }

    @Test
    void itSendsOnlyTheCasesItsGrantCoversAtTheCapAndAsksForTheRest() {
        Evaluating e = evaluating(3.5 * CAP);
        EvaluationWindow window = new EvaluationWindow();

        Dispatch first = e.dispatch(TEN, window, ALLOWANCE);
        assertEquals(List.of("c0", "c1", "c2"), ids(first.cases()), "3 caps fit in 3.5");
        assertTrue(first.heldBack());
        assertEquals(10 * CAP, first.raise().wantedUsd(), EPS, "enough for every case at the cap");
        assertEquals(3, first.raise().inFlight());
        window.sent(first);

        Dispatch full = e.dispatch(TEN, window, ALLOWANCE);
        assertTrue(full.cases().isEmpty(), "the three out hold all but half a cap");
        assertEquals(3, full.raise().inFlight());

        // an answer frees what its case did not spend: 0.35 - 0.02 charged - 2 out at the cap leaves one cap
        window.answer(outcome("c0", true, 0.02), false);
        Dispatch next = e.dispatch(TEN, window, ALLOWANCE);
        assertEquals(List.of("c3"), ids(next.cases()));
        assertEquals(0.02 + 9 * CAP, next.raise().wantedUsd(), EPS, "charged, plus 2 out and 7 waiting");
    }

    @Test
    void aGrantCoveringEveryCaseSendsThemAllAndAsksForNothing() {
        Dispatch d = evaluating(10 * CAP).dispatch(TEN, new EvaluationWindow(), ALLOWANCE);
        assertEquals(ids(TEN), ids(d.cases()));
        assertFalse(d.heldBack());
        assertNull(d.raise());
    }

    @Test
    void recordedCasesAreNeitherSentNorCountedAsOutAgain() {
        Evaluating e = evaluating(2 * CAP);
        EvaluationWindow window = new EvaluationWindow();
        window.sent(e.dispatch(TEN, window, ALLOWANCE));
        e = e.recorded(List.of(new RecordedCase(outcome("c0", true, 0.05), 0.05),
                new RecordedCase(outcome("c1", false, 0.05), 0.05)));
        Dispatch d = e.dispatch(TEN, window, ALLOWANCE);
        assertEquals(List.of("c2"), ids(d.cases()), "0.2 - 0.1 charged covers one more case");
        assertEquals(0, window.unrecorded(e.outcomes()));
    }

    @Test
    void aGrantIsTakenOnlyWhenItRaisesWhatTheEvaluationHolds() {
        Evaluating e = evaluating(0.5);
        assertFalse(e.raisedBy(0.5), "the same grant again");
        assertFalse(e.raisedBy(0.4), "a stale, smaller one");
        assertTrue(e.raisedBy(0.6));
        assertEquals(0.5, e.granted(0.4).grantedUsd(), EPS);
        assertEquals(0.8, e.granted(0.8).grantedUsd(), EPS);
    }

    @Test
    void theBudgetRunsOutOnlyWithNoCaseOutAndNoneCovered() {
        Evaluating e = evaluating(1.5 * CAP);
        EvaluationWindow window = new EvaluationWindow();
        window.sent(e.dispatch(TEN, window, ALLOWANCE));
        assertTrue(e.budgetRanOut(window, ALLOWANCE, TEN.size()).isEmpty(), "a case is still out");

        window.answer(outcome("c0", true, CAP), false);
        assertTrue(e.budgetRanOut(window, ALLOWANCE, TEN.size()).isEmpty(), "its answer is not recorded yet");
        List<RecordedCase> answers = window.takeAnswers();
        e = e.recorded(answers);
        window.paid(answers);

        String reason = e.budgetRanOut(window, ALLOWANCE, TEN.size()).orElseThrow();
        assertTrue(reason.contains("(1 of 10 cases evaluated)"), reason);
        assertTrue(e.granted(2 * CAP).budgetRanOut(window, ALLOWANCE, TEN.size()).isEmpty(),
                "a raise covering the next case lets it go on");
    }

    @Test
    void aCaseStillOutKeepsTheEvaluationGoingEvenWhenNothingMoreIsCovered() {
        Evaluating e = evaluating(2 * CAP);
        EvaluationWindow window = new EvaluationWindow();
        window.sent(e.dispatch(TEN, window, ALLOWANCE));
        // c0 overran its cap: what is left covers no further case, but c1 is still out and may come back cheap
        e = e.recorded(List.of(new RecordedCase(outcome("c0", true, 0.19), 0.19)));
        assertTrue(e.budgetRanOut(window, ALLOWANCE, TEN.size()).isEmpty());
        e = e.recorded(List.of(new RecordedCase(outcome("c1", true, 0.001), 0.001)));
        String reason = e.budgetRanOut(window, ALLOWANCE, TEN.size()).orElseThrow();
        assertTrue(reason.contains("(2 of 10 cases evaluated)"), reason);
    }

    @Test
    void aStageIsRunUntilEveryCaseIsRecordedThenTheNodeIsScoredOnThemAll() {
        List<Case> four = cases(4);
        Evaluating e = evaluating(1);
        e = e.recorded(List.of(new RecordedCase(outcome("c2", true, 0.03), 0.03),
                new RecordedCase(outcome("c0", true, 0.01), 0.01)));
        var run = assertInstanceOf(StagedEvaluation.Step.Run.class, e.next(four, null));
        assertEquals(List.of("c1", "c3"), ids(run.cases()), "only what is missing, in dataset order");

        e = e.recorded(List.of(new RecordedCase(outcome("c1", false, 0.02), 0.0),
                new RecordedCase(outcome("c3", false, 0.04), 0.04)));
        assertInstanceOf(StagedEvaluation.Step.Score.class, e.next(four, null));
        NodeLifecycle.Scored scored = e.scored(e.score());
        assertEquals(NodePhase.SCORED, scored.phase());
        assertEquals(4, scored.score().cases());
        assertEquals(2, scored.score().passes());
        assertEquals(0.025, scored.score().costPerCase(), EPS, "the candidate's cost, cached or not");
        assertEquals(0.08, scored.chargedUsd(), EPS, "what the session paid: the cached answer was free");
        assertEquals(PassMask.encode(List.of(true, false, true, false)), scored.passMask(four));
        assertEquals(List.of("c2", "c0", "c1", "c3"), List.copyOf(scored.outcomes().keySet()),
                "outcomes in the order recorded");
    }

    @Test
    void anAnswerAlreadyRecordedOrHeldIsNotWantedAgain() {
        Evaluating e = evaluating(1);
        EvaluationWindow window = new EvaluationWindow();
        window.sent(e.dispatch(TEN, window, ALLOWANCE));
        assertTrue(e.wants("c0", window));

        window.answer(outcome("c0", true, 0.02), false);
        assertFalse(e.wants("c0", window), "held, not journaled yet: a duplicate");
        e = e.recorded(window.takeAnswers());
        assertFalse(e.wants("c0", window), "recorded: a late duplicate");
        assertTrue(e.wants("c1", window));
    }

    @Test
    void anEvaluationEndedByItsRaceOrItsBudgetKeepsWhatItRecordedAndCharged() {
        Evaluating e = evaluating(1).recorded(List.of(new RecordedCase(outcome("c0", false, 0.02), 0.02)));
        NodeLifecycle.Rejected rejected = e.rejected("lost to its parent");
        assertEquals(NodePhase.REJECTED, rejected.phase());
        assertEquals("lost to its parent", rejected.reason());
        assertEquals(Map.of("c0", e.outcomes().get("c0")), rejected.outcomes());
        assertEquals(0.02, rejected.chargedUsd(), EPS);
        assertNull(rejected.score());
    }

    @Test
    void aCachedAnswerIsChargedWhatItsCaseCostBeforeItWasRecordedAndNothingAfter() {
        EvaluationWindow window = new EvaluationWindow();
        assertEquals(0.07, window.answer(outcome("c0", true, 0.07), false).chargedUsd(), EPS);
        window.forget(); // a restart drops the answer before it was journaled; the cache answers the case again
        assertEquals(0.07, window.answer(outcome("c0", true, 0.07), true).chargedUsd(), EPS,
                "the money was spent once, so it is charged once");
        window.paid(window.takeAnswers());
        assertEquals(0.0, window.answer(outcome("c0", true, 0.07), true).chargedUsd(), EPS);
        assertEquals(0.0, window.answer(outcome("c1", true, 0.07), true).chargedUsd(), EPS,
                "another node's evaluation paid for it");
    }

    @Test
    void recordingMovesTheEvaluationOnOnceTheStageIsInOrWhenCasesWereHeldBack() {
        Evaluating e = evaluating(10 * CAP);
        EvaluationWindow window = new EvaluationWindow();
        window.sent(e.dispatch(cases(2), window, ALLOWANCE));
        e = e.recorded(List.of(new RecordedCase(outcome("c0", true, 0.01), 0.01)));
        assertFalse(e.movesOn(window), "c1 is still out");
        e = e.recorded(List.of(new RecordedCase(outcome("c1", true, 0.01), 0.01)));
        assertTrue(e.movesOn(window), "the stage is in");

        Evaluating narrow = evaluating(CAP);
        EvaluationWindow held = new EvaluationWindow();
        held.sent(narrow.dispatch(TEN, held, ALLOWANCE));
        assertTrue(narrow.movesOn(held), "money an answer frees lets a case held back go");
    }

    @Test
    void aStagedChildRacesItsParentOnAMinibatchBeforeEveryCase() {
        List<Case> dataset = cases(100);
        Map<String, Outcome> parent = new HashMap<>();
        dataset.forEach(c -> parent.put(c.id(), outcome(c.id(), true, 0.01)));
        NodeSpec spec = new NodeSpec("s1", "n2", "n1", "p", null, null, "d1", true, 3, Racing.Context.NONE);
        Evaluating e = new NodeLifecycle.Unopened().open(spec).materialized("src", 0).granted(1);

        assertTrue(e.racesParent());
        var run = assertInstanceOf(StagedEvaluation.Step.Run.class, e.next(dataset, parent));
        assertEquals(Racing.stage(dataset, parent, 0, 3), run.cases());
        assertTrue(run.cases().size() < dataset.size());

        Evaluating full = e.advanced(StagedEvaluation.FULL);
        assertFalse(full.racesParent());
        assertEquals(dataset, assertInstanceOf(StagedEvaluation.Step.Run.class, full.next(dataset, parent)).cases());
    }
}
