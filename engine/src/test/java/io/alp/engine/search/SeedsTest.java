package io.alp.engine.search;

import io.alp.engine.model.Case;
import io.alp.engine.model.Outcome;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeedsTest {

    @Test
    void consecutiveRoundsDrawIndependently() {
        // each round of a session draws with a generator of its own: seeded s, s+1, ... their first draws were all
        // within 0.02 of each other, so one session drew alike in every round (it once decided whether to serve
        // the top that way: always or never)
        for (long session = 1; session <= 20; session++) {
            int below = 0;
            double min = 1;
            double max = 0;
            for (int round = 0; round < 200; round++) {
                double first = new Random(Seeds.of(session, round)).nextDouble();
                below += first < 0.3 ? 1 : 0;
                min = Math.min(min, first);
                max = Math.max(max, first);
            }
            assertEquals(0.3 * 200, below, 30, "session " + session);
            assertTrue(max - min > 0.9, "session " + session + ": first draws span " + min + ".." + max);
        }
    }

    @Test
    void siblingsRaceOnDifferentMinibatches() {
        List<Case> dataset = IntStream.range(0, 200).mapToObj(i -> new Case("c" + i, "q" + i, Map.of())).toList();
        Map<String, Outcome> parent = new LinkedHashMap<>();
        dataset.forEach(c -> parent.put(c.id(), new Outcome(c.id(), c.id().hashCode() % 3 == 0, "", "", 1, 1, 0.01,
                0.001, 1)));
        Set<String> first = ids(Racing.stage(dataset, parent, 0, Racing.seed(7, "n12")));
        Set<String> sibling = ids(Racing.stage(dataset, parent, 0, Racing.seed(7, "n13")));
        Set<String> shared = new HashSet<>(first);
        shared.retainAll(sibling);
        // two independent draws of 16 of 200 cases share about 1.3 of them
        assertTrue(shared.size() <= 6, "n12 and n13 share " + shared.size() + " of " + first.size() + " cases");
        assertEquals(first, ids(Racing.stage(dataset, parent, 0, Racing.seed(7, "n12"))), "stable for a node");
    }

    @Test
    void namedDrawsDiffer() {
        assertTrue(Seeds.of(1, "race/n1") != Seeds.of(1, "race/n2"));
        assertTrue(Seeds.of(1, 0) != Seeds.of(2, 0));
        assertEquals(Seeds.of(5, "reflection/r3"), Seeds.of(5, "reflection/r3"));
    }

    private static Set<String> ids(List<Case> cases) {
        Set<String> ids = new HashSet<>();
        cases.forEach(c -> ids.add(c.id()));
        return ids;
    }
}
