package io.alp.actors.query;

import io.alp.actors.node.NodeActor;
import io.alp.engine.model.Case;
import io.alp.engine.model.Edit;
import io.alp.engine.model.Outcome;
import io.alp.engine.model.Score;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * What one node did, case by case, read from its journal: its edit and source, its score, and per case the input
 * and output (excerpts), the verdict ({@code pass}, {@code fail} or {@code error}), the judge's reason or the error,
 * tokens and dollars. What {@code alp show ID NODE} prints.
 */
public record NodeDetail(String session, String node, String parent, String editClass, String edit,
                         String sourceRef, String parentSource, Score score, String failure, List<CaseRow> cases) {

    /** Characters of a case's input and output kept in a detail. */
    public static final int EXCERPT_CHARS = 2000;

    public static final String PASS = "pass";
    public static final String FAIL = "fail";
    public static final String ERROR = "error";

    /**
     * One case of the node.
     *
     * @param verdict {@link #PASS}, {@link #FAIL} (judged) or {@link #ERROR} (could not be evaluated)
     * @param reason  the judge's reason, or the error
     */
    public record CaseRow(String caseId, String input, String output, String verdict, String reason,
                          long inputTokens, long outputTokens, double costUsd, double judgeCostUsd) {
    }

    /** The node's detail, or empty when its journal holds nothing. */
    public static CompletionStage<Optional<NodeDetail>> read(JournalReader reader, String sessionId, String nodeId) {
        return reader.nodeEvents(sessionId, nodeId).thenApply(events -> of(sessionId, nodeId, events));
    }

    static Optional<NodeDetail> of(String sessionId, String nodeId, List<NodeActor.Event> events) {
        NodeActor.Opened opened = null;
        String source = null;
        String failure = null;
        Score score = null;
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        for (NodeActor.Event e : events) {
            if (e instanceof NodeActor.Opened o) {
                opened = o;
            } else if (e instanceof NodeActor.SourceMaterialized m) {
                source = m.sourceRef();
            } else if (e instanceof NodeActor.EditFailed f) {
                failure = f.reason();
            } else if (e instanceof NodeActor.EvaluationDenied d) {
                failure = d.reason();
            } else if (e instanceof NodeActor.Rejected r) {
                failure = r.reason();
            } else if (e instanceof NodeActor.CaseRecorded c) {
                outcomes.put(c.outcome().caseId(), c.outcome());
            } else if (e instanceof NodeActor.Scored s) {
                score = s.score();
            }
        }
        if (opened == null) {
            return Optional.empty();
        }
        Map<String, String> inputs = new LinkedHashMap<>();
        for (Case c : opened.cases()) {
            inputs.put(c.id(), c.input());
        }
        List<CaseRow> rows = new ArrayList<>();
        // in the dataset's order, not the order the cases finished in
        List<Outcome> ordered = new ArrayList<>();
        inputs.keySet().stream().filter(outcomes::containsKey).forEach(id -> ordered.add(outcomes.get(id)));
        outcomes.values().stream().filter(o -> !inputs.containsKey(o.caseId())).forEach(ordered::add);
        for (Outcome o : ordered) {
            rows.add(new CaseRow(o.caseId(), excerpt(inputs.getOrDefault(o.caseId(), "")), excerpt(o.output()),
                    o.errored() ? ERROR : o.pass() ? PASS : FAIL, o.errored() ? o.error() : o.reason(),
                    o.inputTokens(), o.outputTokens(), o.costUsd(), o.judgeCostUsd()));
        }
        Edit edit = opened.edit();
        return Optional.of(new NodeDetail(sessionId, nodeId, opened.parentId(),
                edit == null ? null : edit.editClass().name().toLowerCase(),
                edit == null ? "baseline" : edit.description(), source, opened.parentSource(), score, failure,
                rows));
    }

    private static String excerpt(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= EXCERPT_CHARS ? text : text.substring(0, EXCERPT_CHARS) + "...";
    }
}
