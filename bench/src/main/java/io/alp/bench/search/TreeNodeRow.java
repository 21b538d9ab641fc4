package io.alp.bench.search;

/**
 * One node of ALP's search tree on one seed of the bench (SIMULATED: its true pass-rate is the oracle's on the
 * seed's dataset). Serializes with Jackson as {@code {node, parent, origin, served, status, edit, cases,
 * evaluationUsd, measuredPassRate, estimatedPassRate, truePassRate, costPerCase, onFrontier, reason}}.
 *
 * @param parent            null for the baseline
 * @param origin            {@code baseline}, {@code reflection} (an expansion's child) or {@code compound}
 * @param served            what its round served: {@code top}, {@code cheap} or {@code frontier} for an
 *                          expansion's child, {@code compound}, or null for the baseline
 * @param status            {@code scored}, {@code rejected} (stopped in its race, or out of budget), {@code skipped}
 *                          (not evaluated) or {@code failed} (its edit could not be applied)
 * @param edit              the knob changes its edit makes, parts of a combined edit joined by {@code " + "}
 * @param cases             cases recorded for it (those taken from the evaluation cache included)
 * @param evaluationUsd     what its evaluation cost (cached cases cost nothing)
 * @param measuredPassRate  its measured pass-rate over every case; null unless scored
 * @param estimatedPassRate its pass-rate as ALP estimates it; null unless on the reported frontier
 * @param truePassRate      its candidate's true pass-rate; null for a node never evaluated
 * @param costPerCase       its measured cost per case; null unless scored
 * @param reason            why it ended unscored; null when scored
 */
public record TreeNodeRow(String node, String parent, String origin, String served, String status, String edit,
                          int cases, double evaluationUsd, Double measuredPassRate, Double estimatedPassRate,
                          Double truePassRate, Double costPerCase, boolean onFrontier, String reason) {

    /** This node with its candidate's true pass-rate. */
    TreeNodeRow withTruePassRate(double truePassRate) {
        return new TreeNodeRow(node, parent, origin, served, status, edit, cases, evaluationUsd, measuredPassRate,
                estimatedPassRate, truePassRate, costPerCase, onFrontier, reason);
    }
}
