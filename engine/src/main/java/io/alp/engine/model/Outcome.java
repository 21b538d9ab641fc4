package io.alp.engine.model;

/**
 * The judged result of running one candidate on one case.
 *
 * @param costUsd      what the candidate itself spent on this case (the cost objective)
 * @param judgeCostUsd what judging it spent (evaluation overhead, charged to the budget but not the objective)
 * @param agreement    fraction of judge samples that agreed with the verdict (1.0 for a single sample)
 * @param error        why the case could not be evaluated (the agent did not start or crashed, a provider or the
 *                     sandbox failed, the judge failed); null when it was run and judged. A case with an error
 *                     does not pass, but it is not a judged failure: it is counted apart wherever cases are
 *                     counted
 * @param stderrTail   the end of what the agent program wrote on stderr, or null
 */
public record Outcome(String caseId, boolean pass, String reason, String output,
                      long inputTokens, long outputTokens, double costUsd, double judgeCostUsd, double agreement,
                      String error, String stderrTail) {

    public Outcome {
        if (error != null && pass) {
            throw new IllegalArgumentException("case " + caseId + " cannot both pass and have an error");
        }
    }

    public Outcome(String caseId, boolean pass, String reason, String output, long inputTokens, long outputTokens,
                   double costUsd, double judgeCostUsd, double agreement, String error) {
        this(caseId, pass, reason, output, inputTokens, outputTokens, costUsd, judgeCostUsd, agreement, error, null);
    }

    /** A case that was run and judged. */
    public Outcome(String caseId, boolean pass, String reason, String output, long inputTokens, long outputTokens,
                   double costUsd, double judgeCostUsd, double agreement) {
        this(caseId, pass, reason, output, inputTokens, outputTokens, costUsd, judgeCostUsd, agreement, null);
    }

    public boolean errored() {
        return error != null;
    }

    /** Everything this evaluation charged to the session budget. */
    public double evaluationCostUsd() {
        return costUsd + judgeCostUsd;
    }
}
