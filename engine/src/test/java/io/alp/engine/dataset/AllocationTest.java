package io.alp.engine.dataset;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AllocationTest {

    @Test
    void splitsInProportionByLargestRemainder() {
        Map<String, Integer> q = Allocation.proportional(Map.of("a", 500L, "b", 300L, "c", 200L),
                Map.of("a", 10, "b", 10, "c", 10), 10);
        assertEquals(Map.of("a", 5, "b", 3, "c", 2), q);
        q = Allocation.proportional(Map.of("a", 1L, "b", 1L, "c", 1L), Map.of("a", 9, "b", 9, "c", 9), 10);
        assertEquals(10, q.values().stream().mapToInt(Integer::intValue).sum());
        assertEquals(Map.of("a", 4, "b", 3, "c", 3), q);
    }

    @Test
    void givesWhatAFullStratumCannotTakeToTheOthers() {
        Map<String, Integer> q = Allocation.proportional(Map.of("a", 900L, "b", 100L),
                Map.of("a", 100, "b", 100), 100);
        assertEquals(Map.of("a", 90, "b", 10), q);
        q = Allocation.proportional(Map.of("a", 900L, "b", 100L), Map.of("a", 50, "b", 100), 100);
        assertEquals(Map.of("a", 50, "b", 50), q);
        q = Allocation.proportional(Map.of("a", 900L, "b", 100L), Map.of("a", 5, "b", 3), 100);
        assertEquals(Map.of("a", 5, "b", 3), q);
    }
}
