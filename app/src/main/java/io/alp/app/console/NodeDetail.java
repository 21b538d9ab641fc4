package io.alp.app.console;

import io.alp.engine.report.SessionSummary;

import java.util.List;
import java.util.Map;

/**
 * A node's page: where it hangs and what became of it, its edit (and the edits from the root), its per-case
 * outcomes with the parent's verdict beside each, and its change against the parent.
 */
public record NodeDetail(String session, boolean simulated, SessionSummary.NodeRow node, List<String> branchEdits,
                         Map<String, String> editPayload, Counts counts, List<CaseRow> cases, Diff diff) {

    /** How many of the node's recorded cases passed, failed, errored, and changed verdict against the parent. */
    public record Counts(int pass, int fail, int error, int changed) {
    }

    /**
     * The node against its parent: {@code source} (a unified diff of a real agent's source), {@code config} (the
     * simulated agent's changed knobs) or {@code none} (the baseline).
     */
    public record Diff(String kind, String text) {
    }
}
