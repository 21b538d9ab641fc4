package io.alp.engine.port;

import io.alp.engine.model.Edit;
import io.alp.engine.model.EditClass;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CombinedEditsTest {

    /**
     * Appends each edit's change to the source; refuses a change named "bad" and throws on one named "boom"; each
     * call that returns costs $0.25.
     */
    private static final class Appending implements Materializer {
        final List<String> applied = new ArrayList<>();

        @Override
        public String baselineSource() {
            return "base";
        }

        @Override
        public CompletionStage<Materialized> apply(String parentSource, Edit edit) {
            String change = edit.payload().get("change");
            applied.add(parentSource + "<-" + change);
            if (change.equals("boom")) {
                throw new IllegalStateException("no workspace left");
            }
            return CompletableFuture.completedFuture(change.equals("bad") ? Materialized.failed("refused", 0.25)
                    : Materialized.ok(parentSource + "+" + change, 0.25));
        }
    }

    private static Edit edit(String change) {
        return Edit.of(EditClass.PROMPT, "do " + change, Map.of("change", change));
    }

    @Test
    void aCombinedEditAppliesEachPartOnTheSourceOfThePartBefore() {
        Appending m = new Appending();
        Materialized result = CombinedEdits.apply(m, "base", Edit.combined(List.of(edit("a"), edit("b"),
                edit("c")))).toCompletableFuture().join();
        assertTrue(result.applied());
        assertEquals("base+a+b+c", result.sourceRef());
        assertEquals(0.75, result.costUsd(), 1e-9);
        assertEquals(List.of("base<-a", "base+a<-b", "base+a+b<-c"), m.applied);
    }

    @Test
    void aSingleEditIsAppliedAsTheWorldAppliesIt() {
        Materialized result = CombinedEdits.apply(new Appending(), "base", edit("bad")).toCompletableFuture().join();
        assertFalse(result.applied());
        assertEquals("refused", result.failure());
    }

    @Test
    void aPartThatCannotBeAppliedIsSkippedAndNamedAndTheOthersAreApplied() {
        Appending m = new Appending();
        Materialized result = CombinedEdits.apply(m, "base", Edit.combined(List.of(edit("a"), edit("bad"),
                edit("c")))).toCompletableFuture().join();
        assertTrue(result.applied());
        assertEquals("base+a+c", result.sourceRef());
        assertEquals(List.of(1), result.skippedParts());
        assertTrue(result.failure().startsWith("part 2 of 3 (do bad) could not be applied: refused"),
                result.failure());
        assertEquals(0.75, result.costUsd(), 1e-9);
        assertEquals(List.of("base<-a", "base+a<-bad", "base+a<-c"), m.applied);
    }

    @Test
    void aPartWhoseMaterializerThrowsIsSkippedLikeOneItRefused() {
        Materialized result = CombinedEdits.apply(new Appending(), "base", Edit.combined(List.of(edit("boom"),
                edit("b")))).toCompletableFuture().join();
        assertTrue(result.applied());
        assertEquals("base+b", result.sourceRef());
        assertEquals(List.of(0), result.skippedParts());
        assertTrue(result.failure().contains("part 1 of 2 (do boom)") && result.failure().contains("no workspace left"),
                result.failure());
    }

    @Test
    void aCombinedEditFailsWhenNoPartCanBeAppliedAndNamesEach() {
        Materialized result = CombinedEdits.apply(new Appending(), "base", Edit.combined(List.of(edit("bad"),
                edit("bad")))).toCompletableFuture().join();
        assertFalse(result.applied());
        assertEquals(List.of(), result.skippedParts());
        assertTrue(result.failure().contains("part 1 of 2") && result.failure().contains("part 2 of 2"),
                result.failure());
        assertEquals(0.5, result.costUsd(), 1e-9);
    }

    @Test
    void anEditWithoutSomePartsKeepsTheOthersInOrder() {
        Edit whole = Edit.combined(List.of(edit("a"), edit("b"), edit("c")));
        assertEquals(Edit.combined(List.of(edit("a"), edit("c"))), whole.without(List.of(1)));
        assertEquals(edit("b"), whole.without(List.of(0, 2)));
        assertEquals(whole, whole.without(List.of()));
        assertThrows(IllegalArgumentException.class, () -> whole.without(List.of(0, 1, 2)));
    }
}
