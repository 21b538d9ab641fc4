package io.alp.bench.search;

import io.alp.engine.model.Case;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.alp.bench.search.BenchTestData.outcomes;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MinibatchAcceptanceTest {

    private final List<Case> batch = BenchTestData.cases(10);

    @Test
    void rejectsAChildThatPassesFewerMinibatchCasesThanItsParent() {
        assertFalse(MinibatchAcceptance.accepts(outcomes(batch, "1111100000"), outcomes(batch, "1111000000")));
        assertFalse(MinibatchAcceptance.accepts(outcomes(batch, "1000000000"), outcomes(batch, "0000000000")));
    }

    @Test
    void acceptsAChildThatPassesAsManyOrMore() {
        assertTrue(MinibatchAcceptance.accepts(outcomes(batch, "1111100000"), outcomes(batch, "0000011111")));
        assertTrue(MinibatchAcceptance.accepts(outcomes(batch, "1111100000"), outcomes(batch, "1111110000")));
    }

    @Test
    void refusesOutcomesOnDifferentCases() {
        List<Case> other = BenchTestData.cases(11).subList(1, 11);
        assertThrows(IllegalArgumentException.class,
                () -> MinibatchAcceptance.accepts(outcomes(batch, "1111100000"), outcomes(other, "1111100000")));
    }
}
