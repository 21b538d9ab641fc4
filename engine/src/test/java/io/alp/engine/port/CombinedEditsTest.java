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
import static org.junit.jupiter.api.Assertions.assertTrue;

class CombinedEditsTest {

    /** Appends each edit's change to the source; refuses a change named "bad"; each call costs $0.25. */
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
    void aPartThatCannotBeAppliedFailsTheWholeEditAndIsNamed() {
        Appending m = new Appending();
        Materialized result = CombinedEdits.apply(m, "base", Edit.combined(List.of(edit("a"), edit("bad"),
                edit("c")))).toCompletableFuture().join();
        assertFalse(result.applied());
        assertTrue(result.failure().startsWith("part 2 of 3 (do bad)"), result.failure());
        assertEquals(0.5, result.costUsd(), 1e-9);
        assertEquals(2, m.applied.size());
    }
}
