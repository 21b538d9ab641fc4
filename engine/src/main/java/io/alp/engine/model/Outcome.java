package io.alp.engine.model;

/**
 * The judged result of running one candidate on one case.
 *
 * @param costUsd      what the candidate itself spent on this case (the cost objective)
 * @param judgeCostUsd what judging it spent (evaluation overhead, charged to the budget but not the objective)
 * @param agreement    fraction of judge samples that agreed with the verdict (1.0 for a single sample)
 */
public record Outcome(String caseId, boolean pass, String reason, String output,
                      long inputTokens, long outputTokens, double costUsd, double judgeCostUsd, double agreement) {

    /** Everything this evaluation charged to the session budget. */
    public double evaluationCostUsd() {
        return costUsd + judgeCostUsd;
    }
}
