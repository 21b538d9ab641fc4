package io.alp.app.console;

import io.alp.actors.node.NodeEvent;
import io.alp.actors.query.JournalReader;
import io.alp.engine.model.Case;
import io.alp.engine.model.Outcome;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The per-case read model: a node's recorded outcomes from its journal, classified and set beside its parent's.
 * The one place that decides what a case's verdict and error are, so every view of cases agrees.
 */
public final class CaseOutcomes {

    /**
     * Outcomes recorded before they carried their error said it only in their reason, with one of these prefixes
     * (see CaseEvaluation).
     */
    private static final List<String> ERROR_PREFIXES = List.of("evaluation error: ", "the agent failed to run: ",
            "the judge failed: ");
    static final int EXCERPT = 600;

    private CaseOutcomes() {
    }

    /** The node's outcomes by case id, in the order they were recorded (a case recorded twice counts once). */
    public static CompletableFuture<Map<String, Outcome>> recorded(JournalReader reader, String session, String node) {
        if (node == null) {
            return CompletableFuture.completedFuture(Map.of());
        }
        return reader.nodeEvents(session, node).toCompletableFuture().thenApply(events -> {
            Map<String, Outcome> out = new LinkedHashMap<>();
            for (NodeEvent.CaseRecorded r : NodeEvent.recordedCases(events)) {
                out.putIfAbsent(r.outcome().caseId(), r.outcome());
            }
            return out;
        });
    }

    /** One row per recorded case, in the dataset's order. */
    public static List<CaseRow> rows(List<Case> dataset, Map<String, Outcome> outcomes, Map<String, Outcome> parent,
                                     boolean hasParent) {
        List<CaseRow> rows = new ArrayList<>();
        for (Case c : dataset) {
            Outcome o = outcomes.get(c.id());
            if (o == null) {
                continue;
            }
            Outcome p = parent.get(c.id());
            String verdict = verdict(o);
            String parentVerdict = hasParent && p != null ? verdict(p) : null;
            rows.add(new CaseRow(c.id(), excerpt(c.input()), excerpt(o.output()), verdict, error(o), o.reason(),
                    o.inputTokens(), o.outputTokens(), o.costUsd(), o.judgeCostUsd(), o.agreement(), parentVerdict,
                    parentVerdict != null && !parentVerdict.equals(verdict), o.stderrTail()));
        }
        return rows;
    }

    public static NodeDetail.Counts count(List<CaseRow> rows) {
        int pass = 0;
        int fail = 0;
        int error = 0;
        int changed = 0;
        for (CaseRow r : rows) {
            switch (r.verdict()) {
                case CaseRow.PASS -> pass++;
                case CaseRow.ERROR -> error++;
                default -> fail++;
            }
            changed += r.changed() ? 1 : 0;
        }
        return new NodeDetail.Counts(pass, fail, error, changed);
    }

    static String verdict(Outcome o) {
        return o.pass() ? CaseRow.PASS : error(o) != null ? CaseRow.ERROR : CaseRow.FAIL;
    }

    /** Why the case could not be evaluated, or null when it was judged. */
    static String error(Outcome o) {
        if (o.error() != null) {
            return o.error();
        }
        if (o.pass() || o.reason() == null) {
            return null;
        }
        return ERROR_PREFIXES.stream().anyMatch(o.reason()::startsWith) ? o.reason() : null;
    }

    static String excerpt(String text) {
        if (text == null) {
            return null;
        }
        return text.length() <= EXCERPT ? text : text.substring(0, EXCERPT) + "… (" + text.length() + " chars)";
    }
}
