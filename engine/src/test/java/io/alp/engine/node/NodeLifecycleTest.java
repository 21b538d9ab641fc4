package io.alp.engine.node;

import io.alp.engine.model.Edit;
import io.alp.engine.model.EditClass;
import io.alp.engine.port.Materialized;
import io.alp.engine.port.Materializer;
import io.alp.engine.search.Racing;
import io.alp.engine.search.StagedEvaluation;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A node's way from opened to a terminal state, one fact at a time. */
class NodeLifecycleTest {

    private static final double EPS = 1e-9;
    private static final Edit EDIT = Edit.of(EditClass.PROMPT, "be brief", Map.of("clause", "brief"));

    private static NodeSpec child(boolean staged) {
        return new NodeSpec("s1", "n1", "n0", "base", EDIT, null, "d1", staged, 5, null);
    }

    private static NodeSpec baseline() {
        return new NodeSpec("s1", "n0", null, null, null, null, "d1", true, 5, null);
    }

    /** Applies an edit by appending its description; an edit "explode" throws, "refused" fails. */
    private static final Materializer MATERIALIZER = new Materializer() {
        @Override
        public String baselineSource() {
            return "base";
        }

        @Override
        public CompletionStage<Materialized> apply(String parentSource, Edit edit) {
            if (edit.description().equals("explode")) {
                throw new IllegalStateException("no workspace left");
            }
            if (edit.description().equals("refused")) {
                return CompletableFuture.failedFuture(new IllegalArgumentException("patch does not apply"));
            }
            return CompletableFuture.completedFuture(Materialized.ok(parentSource + "+" + edit.description(), 0.01));
        }
    };

    private static Materialized materialize(NodeSpec spec) {
        return new NodeLifecycle.Unopened().open(spec).materialize(MATERIALIZER).toCompletableFuture().join();
    }

    @Test
    void anOpenedNodeIsMaterializedThenReservedThenEvaluated() {
        NodeLifecycle.Unopened blank = new NodeLifecycle.Unopened();
        assertEquals(NodePhase.BLANK, blank.phase());
        NodeLifecycle.Materializing opened = blank.open(child(false));
        assertEquals(NodePhase.OPENED, opened.phase());
        assertNull(opened.sourceRef());

        NodeLifecycle.Reserving reserving = opened.materialized("base+brief", 0.01);
        assertEquals(NodePhase.MATERIALIZED, reserving.phase());
        assertEquals("base+brief", reserving.sourceRef());

        Evaluating evaluating = reserving.granted(1.25);
        assertEquals(NodePhase.EVALUATING, evaluating.phase());
        assertEquals(1.25, evaluating.grantedUsd(), EPS);
        assertEquals(0.01, evaluating.materializeCostUsd(), EPS);
        assertTrue(evaluating.outcomes().isEmpty());
        assertEquals(0, evaluating.chargedUsd(), EPS);
        assertEquals(StagedEvaluation.FULL, evaluating.stage(), "not staged: every case at once");
        assertEquals(Racing.Context.NONE, evaluating.spec().race());
    }

    @Test
    void aStagedChildStartsRacingWhileTheBaselineHasNoParentToRace() {
        assertEquals(0, new NodeLifecycle.Materializing(child(true)).materialized("x", 0).granted(1).stage());
        assertEquals(StagedEvaluation.FULL,
                new NodeLifecycle.Materializing(baseline()).materialized("x", 0).granted(1).stage());
    }

    @Test
    void theBaselineIsTheDeployedSourceAndAChildIsItsEditOnItsParent() {
        assertEquals(Materialized.ok("base", 0), materialize(baseline()));
        assertEquals(Materialized.ok("base+be brief", 0.01), materialize(child(false)));
    }

    @Test
    void aMaterializerThatThrowsOrFailsFailsTheEditWithItsReason() {
        Materialized thrown = materialize(new NodeSpec("s1", "n1", "n0", "base",
                Edit.of(EditClass.TOOL, "explode", Map.of()), null, "d1", false, 0, null));
        assertFalse(thrown.applied());
        assertEquals("the edit could not be applied: no workspace left", thrown.failure());
        Materialized failed = materialize(new NodeSpec("s1", "n1", "n0", "base",
                Edit.of(EditClass.TOOL, "refused", Map.of()), null, "d1", false, 0, null));
        assertFalse(failed.applied());
        assertTrue(failed.failure().contains("patch does not apply"), failed.failure());
    }

    @Test
    void anEditThatFailedOrAnEvaluationDeniedEndsTheNodeWithWhatItCost() {
        NodeLifecycle.EditFailed failed = new NodeLifecycle.Materializing(child(false)).editFailed("conflict", 0.02);
        assertEquals(NodePhase.EDIT_FAILED, failed.phase());
        assertEquals("conflict", failed.reason());
        assertEquals(0.02, failed.materializeCostUsd(), EPS);

        NodeLifecycle.Denied denied = new NodeLifecycle.Materializing(child(false)).materialized("x", 0.03)
                .denied("no money");
        assertEquals(NodePhase.DENIED, denied.phase());
        assertEquals("no money", denied.reason());
        assertEquals("x", denied.sourceRef());
        assertEquals(0.03, denied.materializeCostUsd(), EPS);
    }

    @Test
    void onlyAScoredNodeIsEverPruned() {
        Evaluating evaluating = new NodeLifecycle.Materializing(child(false)).materialized("x", 0).granted(1);
        assertSame(evaluating, evaluating.prune(), "never on the frontier");
        NodeLifecycle.Scored scored = evaluating.scored(evaluating.score());
        assertFalse(scored.pruned());
        NodeLifecycle pruned = scored.prune();
        assertTrue(pruned.pruned());
        assertEquals(scored.score(), pruned.score());
    }

    @Test
    void aSpecNeedsANodeId() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new NodeSpec("s9", " ", null, null, null, null, "d1", false, 0, null));
        assertTrue(e.getMessage().contains("s9"), e.getMessage());
    }
}
