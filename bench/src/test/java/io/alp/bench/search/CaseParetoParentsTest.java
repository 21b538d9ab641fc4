package io.alp.bench.search;

import io.alp.engine.model.Case;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static io.alp.bench.search.BenchTestData.candidate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CaseParetoParentsTest {

    private final List<Case> cases = BenchTestData.cases(6);

    @Test
    void drawsOnlyCaseWinnersThatNoOtherCandidateCovers() {
        Candidate specialist = candidate("specialist", cases, "000001");
        Candidate broad = candidate("broad", cases, "111100");
        Candidate covered = candidate("covered", cases, "110000"); // wins only cases broad wins too
        Candidate nothing = candidate("nothing", cases, "000000");
        Map<String, Integer> draws = draws(List.of(specialist, broad, covered, nothing), 6000);
        assertFalse(draws.containsKey("covered"), "a candidate whose wins another covers was drawn: " + draws);
        assertFalse(draws.containsKey("nothing"), "a candidate that wins no case was drawn: " + draws);
        assertTrue(draws.getOrDefault("specialist", 0) > 0, "the specialist never drawn: " + draws);
        // weights 1 (specialist) and 4 (broad): broad about 80% of draws
        double broadShare = draws.get("broad") / 6000.0;
        assertEquals(0.8, broadShare, 0.03, "draws " + draws);
    }

    @Test
    void fallsBackToEligibleCandidatesWhenTheFrontIsExhausted() {
        Candidate broad = candidate("broad", cases, "111111");
        Candidate covered = candidate("covered", cases, "110000");
        SplittableRandom random = new SplittableRandom(1);
        assertEquals("covered", CaseParetoParents.select(List.of(broad, covered), cases,
                c -> !c.id().equals("broad"), random).orElseThrow().id());
        assertTrue(CaseParetoParents.select(List.of(broad, covered), cases, c -> false, random).isEmpty());
    }

    private Map<String, Integer> draws(List<Candidate> pool, int n) {
        SplittableRandom random = new SplittableRandom(7);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            counts.merge(CaseParetoParents.select(pool, cases, c -> true, random).orElseThrow().id(), 1, Integer::sum);
        }
        return counts;
    }
}
