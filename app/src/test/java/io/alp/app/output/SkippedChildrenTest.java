package io.alp.app.output;

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

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the tree shows children that were never evaluated: alone with their edit, or many grouped by reason. */
class SkippedChildrenTest {

    private final SearchState state = new SearchState(new OptimizerConfig(SearchConfig.defaults(), 100), 7, 0.5, 0);
    private final FrontierTracker frontier = FrontierTracker.anchoredOnFirst();

    private static Edit edit(EditClass cls, String description) {
        return Edit.of(cls, description, Map.of("change", description));
    }

    @Test
    void aChildMadeTheSameCandidateAsAScoredNodeIsShownWithItsEditAndThatNode() {
        state.evaluationReserved(SearchTree.ROOT, 1.0, 0);
        state.nodeScored(SearchTree.ROOT, Score.of(10, 5, 1.0), "src-n0", 1.0, null);
        state.frontierUpdated(frontier.add(new ScoredNode(SearchTree.ROOT,
                state.tree().get(SearchTree.ROOT).score())));
        Decision.Expand round = assertInstanceOf(Decision.Expand.class, state.plan().orElseThrow());
        state.expansionOpened(round);
        state.proposalsReceived(round.roundId(), 0.1, List.of(
                new ChildSpec("n1", edit(EditClass.MEMORY, "Keep the whole conversation in context."),
                        Origin.REFLECTION),
                new ChildSpec("n2", edit(EditClass.TOOL, "Give the agent a search tool."), Origin.REFLECTION),
                new ChildSpec("n3", edit(EditClass.PROMPT, "Ask for a short answer."), Origin.REFLECTION)));
        // the baseline already keeps the whole conversation: n1 is the baseline's candidate
        state.sameCandidateFound("n1", SearchTree.ROOT, 0.01, List.of());
        state.evaluationDenied("n2", 0.01);
        state.evaluationDenied("n3", 0.01);

        String tree = TreeView.render(SessionSummary.of("s1", "agent", "agent", false, "d1", 10, state), 200);
        assertTrue(tree.contains("\n  n1 [memory] Keep the whole conversation in context. -> skipped: the same "
                + "candidate as n0, already scored\n"), tree);
        assertTrue(tree.contains("\n  2 children skipped (n2 ... n3): its evaluation did not fit in the remaining "
                + "budget\n"), tree);
    }
}
