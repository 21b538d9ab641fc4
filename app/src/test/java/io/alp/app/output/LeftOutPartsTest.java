package io.alp.app.output;

import io.alp.app.console.NodeDetail;
import io.alp.engine.frontier.FrontierTracker;
import io.alp.engine.frontier.ScoredNode;
import io.alp.engine.model.Edit;
import io.alp.engine.model.EditClass;
import io.alp.engine.model.Score;
import io.alp.engine.report.SessionSummary;
import io.alp.engine.search.ChildSpec;
import io.alp.engine.search.Decision;
import io.alp.engine.search.OptimizerConfig;
import io.alp.engine.search.SearchConfig;
import io.alp.engine.search.SearchState;
import io.alp.engine.tree.Origin;
import io.alp.engine.tree.SearchTree;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a reviewer reads of a combined edit one of whose parts could not be applied: the tree and the node page. */
class LeftOutPartsTest {

    private final SearchState state = new SearchState(new OptimizerConfig(SearchConfig.defaults(), 100), 7, 0.5, 0);
    private final FrontierTracker frontier = FrontierTracker.anchoredOnFirst();

    private void score(String id, int passes, double materializeUsd, List<Integer> skippedParts) {
        state.evaluationReserved(id, 1.0, materializeUsd, skippedParts, null);
        state.nodeScored(id, Score.of(10, passes, 1.0), "src-" + id, 1.0, null);
        state.frontierUpdated(frontier.add(new ScoredNode(id, state.tree().get(id).score())));
    }

    private static Edit edit(EditClass cls, String description) {
        return Edit.of(cls, description, Map.of("change", description));
    }

    @Test
    void theTreeAndTheNodePageNameThePartsThatCouldNotBeApplied() {
        score(SearchTree.ROOT, 5, 0, List.of());
        Decision.Expand round = assertInstanceOf(Decision.Expand.class, state.plan().orElseThrow());
        state.expansionOpened(round);
        Edit terse = edit(EditClass.PROMPT, "Tell the agent to reply with the final number only.");
        Edit tool = edit(EditClass.TOOL, "Give the agent a calculator tool.");
        Edit verify = edit(EditClass.SCAFFOLD, "Check the sum before answering.");
        state.proposalsReceived(round.roundId(), 0.1, List.of(new ChildSpec("n1",
                Edit.combined(List.of(terse, tool, verify)), Origin.REFLECTION)));
        score("n1", 8, 0.03, List.of(1));

        SessionSummary summary = SessionSummary.of("s1", "arith", "agent", false, "d1", 10, state);
        SessionSummary.NodeRow n1 = summary.tree().stream().filter(r -> r.node().equals("n1")).findFirst()
                .orElseThrow();
        assertEquals(List.of("Give the agent a calculator tool."), n1.leftOut());

        List<String> lines = TreeView.render(summary, 400).lines().toList();
        String n1Line = lines.stream().filter(l -> l.strip().startsWith("n1 ")).findFirst().orElseThrow();
        assertTrue(n1Line.contains(", 1 part not applied") && !n1Line.contains("calculator"), n1Line);
        assertTrue(lines.stream().filter(l -> l.startsWith(SearchTree.ROOT + " ")).noneMatch(l ->
                l.contains("not applied")), String.join("\n", lines));

        String page = NodeView.render(new NodeDetail("s1", false, n1, List.of(terse.description(),
                verify.description()), Map.of(), new NodeDetail.Counts(8, 2, 0, 3), List.of(), null));
        assertTrue(page.contains("\nleft out, could not be applied: Give the agent a calculator tool.\n"), page);
    }
}
