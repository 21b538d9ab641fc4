package io.alp.engine.node;

import io.alp.engine.model.Case;
import io.alp.engine.model.Outcome;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a driver has out: cases queued until an evaluator takes them, answers until they are recorded. */
class EvaluationWindowTest {

    private static final List<Case> CASES = IntStream.range(0, 5)
            .mapToObj(i -> new Case("c" + i, "input", Map.of())).toList();

    @Test
    void anEvaluatorTakesQueuedCasesInOrderAndCasesNoLongerWantedTakeNoSlot() {
        EvaluationWindow window = new EvaluationWindow();
        window.sent(new Dispatch(CASES, null));
        Set<String> answeredMeanwhile = Set.of("c1");

        List<Case> taken = window.take(2, id -> !answeredMeanwhile.contains(id));
        assertEquals(List.of("c0", "c2"), taken.stream().map(Case::id).toList());
        assertEquals(2, window.queued(), "c1 left the queue without being handed out");
        assertEquals(List.of("c3", "c4"), window.take(10, id -> true).stream().map(Case::id).toList());
        assertEquals(0, window.queued());
    }

    @Test
    void sendingAgainForgetsWhatWasOutButKeepsTheAnswersHeld() {
        EvaluationWindow window = new EvaluationWindow();
        window.sent(new Dispatch(CASES, null));
        window.answer(new Outcome("c0", true, "ok", "", 1, 1, 0.01, 0, 1), false);
        assertEquals(5, window.unrecorded(Map.of()));

        window.resend();
        assertEquals(0, window.queued());
        assertEquals(0, window.unrecorded(Map.of()));
        assertEquals(1, window.answers());

        window.forget();
        assertEquals(0, window.answers());
        assertTrue(window.takeAnswers().isEmpty());
    }
}
