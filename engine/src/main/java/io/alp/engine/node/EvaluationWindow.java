package io.alp.engine.node;

import io.alp.engine.model.Case;
import io.alp.engine.model.Outcome;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the driver of a node's evaluation has out for the current stage: the cases it sent to evaluators (queued
 * until an evaluator takes them), and the answers it holds but has not recorded yet. It is not part of the node's
 * recorded state: after a restart it starts empty, and every case not recorded is sent again.
 */
public final class EvaluationWindow {

    private final Set<String> sent = new HashSet<>();
    /** Cases sent that no evaluator took yet, in the order they are to run. */
    private final Map<String, Case> queued = new LinkedHashMap<>();
    private final Map<String, RecordedCase> answered = new LinkedHashMap<>();
    /**
     * What fresh answers not recorded yet cost, by case. {@link #forget()} keeps it, so that a case answered again
     * from the evaluation cache after a restart is still charged what was spent on it once.
     */
    private final Map<String, Double> unpaid = new HashMap<>();
    private boolean heldBack;

    /** Takes a dispatch: its cases are out, queued for evaluators, and whether cases of the stage wait for a raise. */
    public void sent(Dispatch dispatch) {
        dispatch.cases().forEach(c -> {
            sent.add(c.id());
            queued.put(c.id(), c);
        });
        heldBack = dispatch.heldBack();
    }

    public int queued() {
        return queued.size();
    }

    /**
     * Hands an evaluator with {@code max} free slots the next queued cases. Cases no longer wanted (answered or
     * recorded meanwhile, see {@link Evaluating#wants}) leave the queue without taking a slot.
     */
    public List<Case> take(int max, Predicate<String> wanted) {
        List<Case> taken = new ArrayList<>();
        var it = queued.values().iterator();
        while (taken.size() < max && it.hasNext()) {
            Case c = it.next();
            it.remove();
            if (wanted.test(c.id())) {
                taken.add(c);
            }
        }
        return taken;
    }

    /**
     * Holds an answer until it is recorded. A fresh one is charged what it cost; one from the cache is charged what
     * was spent on that case before its first answer could be recorded, else nothing.
     */
    public RecordedCase answer(Outcome outcome, boolean cached) {
        double charged = cached ? unpaid.getOrDefault(outcome.caseId(), 0.0) : outcome.evaluationCostUsd();
        unpaid.put(outcome.caseId(), charged);
        RecordedCase answer = new RecordedCase(outcome, charged);
        answered.put(outcome.caseId(), answer);
        return answer;
    }

    public int answers() {
        return answered.size();
    }

    /** The answers held, in the order they came, to be recorded together; the window holds them no longer. */
    public List<RecordedCase> takeAnswers() {
        List<RecordedCase> taken = List.copyOf(answered.values());
        answered.clear();
        return taken;
    }

    /** Answers now recorded: nothing is owed for their cases any more. */
    public void paid(List<RecordedCase> recorded) {
        recorded.forEach(r -> unpaid.remove(r.caseId()));
    }

    public boolean hasSent() {
        return !sent.isEmpty();
    }

    /** How many cases sent are still not recorded (answered or not); forgets the recorded ones. */
    public int unrecorded(Map<String, Outcome> recorded) {
        sent.removeIf(recorded::containsKey);
        return sent.size();
    }

    /** Forgets what was sent, so that the cases not recorded are sent again; answers held are kept. */
    public void resend() {
        sent.clear();
        queued.clear();
    }

    /** Forgets everything out and every answer held, as after a restart. */
    public void forget() {
        resend();
        answered.clear();
        heldBack = false;
    }

    boolean wasSent(String caseId) {
        return sent.contains(caseId);
    }

    boolean holdsAnswer(String caseId) {
        return answered.containsKey(caseId);
    }

    boolean heldBack() {
        return heldBack;
    }

    double answeredChargeUsd() {
        return answered.values().stream().mapToDouble(RecordedCase::chargedUsd).sum();
    }

    /** Cases sent that got no answer yet. */
    int inFlight(Map<String, Outcome> recorded) {
        return (int) sent.stream().filter(id -> !recorded.containsKey(id) && !answered.containsKey(id)).count();
    }

    /** Whether a case sent is still not recorded; stops at the first (this runs on every answer). */
    boolean awaitsAny(Map<String, Outcome> recorded) {
        for (String id : sent) {
            if (!recorded.containsKey(id)) {
                return true;
            }
        }
        return false;
    }
}
