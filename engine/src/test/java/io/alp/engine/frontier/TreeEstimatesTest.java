package io.alp.engine.frontier;

import io.alp.engine.frontier.TreeEstimates.Estimate;
import io.alp.engine.frontier.TreeEstimates.Measured;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TreeEstimatesTest {

    private static Measured node(String id, String parent, int passesOf100) {
        return new Measured(id, parent, parent == null ? null : "PROMPT", 100, passesOf100);
    }

    @Test
    void aLoneNodeIsEstimatedByItsOwnSample() {
        Estimate e = TreeEstimates.of(List.of(node("n0", null, 64))).get("n0");
        assertEquals(0.64, e.mean(), 1e-12);
        double p = 65.0 / 102;
        assertEquals(Math.sqrt(p * (1 - p) / 100), e.sd(), 1e-12);
    }

    @Test
    void aLuckySampleAmongSiblingsThatAgreeIsPulledBackTowardThem() {
        List<Measured> nodes = new ArrayList<>(List.of(node("n0", null, 50)));
        int[] siblings = {49, 51, 50, 48, 52, 50, 49, 51};
        for (int i = 0; i < siblings.length; i++) {
            nodes.add(node("c" + i, "n0", siblings[i]));
        }
        nodes.add(node("lucky", "n0", 62));
        Map<String, Estimate> est = TreeEstimates.of(nodes);
        // the siblings show edits here barely move the pass-rate, so 62 is mostly luck
        assertTrue(est.get("lucky").mean() < 0.57, "lucky estimated " + est.get("lucky").mean());
        assertTrue(est.get("lucky").mean() > 0.50, "but still above its parent: " + est.get("lucky").mean());
        assertTrue(est.get("lucky").sd() < Math.sqrt(0.62 * 0.38 / 100), "and known better than from its own sample");
    }

    @Test
    void aRealJumpConfirmedByItsChildrenStands() {
        List<Measured> nodes = new ArrayList<>(List.of(node("n0", null, 50), node("big", "n0", 80)));
        for (int i = 0; i < 4; i++) {
            nodes.add(node("s" + i, "n0", 50 + (i % 2 == 0 ? 1 : -1)));
            nodes.add(node("g" + i, "big", 80 + (i % 2 == 0 ? 1 : -1)));
        }
        Map<String, Estimate> est = TreeEstimates.of(nodes);
        assertTrue(est.get("big").mean() > 0.76, "big estimated " + est.get("big").mean());
    }

    @Test
    void theEditSpreadIsEstimatedFromParentChildDifferences() {
        // parent at 50/100, children at 50 +- 10: squared differences 0.01 less two binomial variances each
        List<Measured> nodes = new ArrayList<>(List.of(node("n0", null, 50)));
        for (int i = 0; i < 8; i++) {
            nodes.add(node("c" + i, "n0", i % 2 == 0 ? 60 : 40));
        }
        Map<String, Measured> byId = new java.util.LinkedHashMap<>();
        nodes.forEach(m -> byId.put(m.id(), m));
        double expected = 0.01 - nodes.get(1).variance() - nodes.get(0).variance();
        assertEquals(expected, TreeEstimates.spreads(byId).get("PROMPT"), 1e-12);
        // never below the floor, and classes without enough pairs use the pooled figure
        assertEquals(expected, TreeEstimates.spreads(byId).get("ROUTING"), 1e-12);
        List<Measured> flat = List.of(node("n0", null, 50), node("c0", "n0", 50));
        Map<String, Measured> flatById = Map.of("n0", flat.get(0), "c0", flat.get(1));
        assertEquals(TreeEstimates.MIN_TAU2, TreeEstimates.spreads(flatById).get("PROMPT"), 1e-15);
    }

    @Test
    void onSimulatedTreesEstimatesAreCloserToTheTruthThanSamples() {
        Random rng = new Random(11);
        double sampleError = 0;
        double estimateError = 0;
        int count = 0;
        for (int tree = 0; tree < 200; tree++) {
            // a random tree of 30 nodes; each edit moves the true pass-rate by N(0, 2 points)
            List<Measured> nodes = new ArrayList<>();
            List<Double> truth = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                int parent = i == 0 ? -1 : rng.nextInt(i);
                double p = i == 0 ? 0.4 + 0.3 * rng.nextDouble()
                        : Math.min(0.97, Math.max(0.03, truth.get(parent) + 0.02 * rng.nextGaussian()));
                truth.add(p);
                int passes = 0;
                for (int c = 0; c < 100; c++) {
                    passes += rng.nextDouble() < p ? 1 : 0;
                }
                nodes.add(new Measured("n" + i, parent < 0 ? null : "n" + parent, "PROMPT", 100, passes));
            }
            Map<String, Estimate> est = TreeEstimates.of(nodes);
            for (int i = 0; i < nodes.size(); i++) {
                sampleError += Math.abs(nodes.get(i).passes() / 100.0 - truth.get(i));
                estimateError += Math.abs(est.get("n" + i).mean() - truth.get(i));
                count++;
            }
        }
        sampleError /= count;
        estimateError /= count;
        assertTrue(estimateError < 0.7 * sampleError,
                "estimates off by " + estimateError + " on average, samples by " + sampleError);
    }

    /**
     * Routing edits that move to a dearer model gain ten points here, those that move to a cheaper one lose ten: one
     * prior for the class would centre on zero and wrong both; told apart by cost, each direction has its own.
     */
    @Test
    void editsOfOneClassAreToldApartByHowTheyMovedTheCost() {
        List<Measured> nodes = new ArrayList<>(List.of(new Measured("n0", null, null, 400, 200, 1.0)));
        int[] noise = {1, -1, 2, 0, -2, 1, 0, -1};
        for (int i = 0; i < noise.length; i++) {
            nodes.add(new Measured("up" + i, "n0", "ROUTING", 400, 240 + noise[i], 3.0));
            nodes.add(new Measured("down" + i, "n0", "ROUTING", 400, 160 + noise[i], 0.3));
        }
        Map<String, Measured> byId = new java.util.LinkedHashMap<>();
        nodes.forEach(n -> byId.put(n.id(), n));
        TreeEstimates.Spreads spreads = TreeEstimates.spreads(byId);
        assertEquals(0.10, spreads.mean(TreeEstimates.costKey("ROUTING", true)), 0.01);
        assertEquals(-0.10, spreads.mean(TreeEstimates.costKey("ROUTING", false)), 0.01);
        assertEquals(0.0, spreads.mean("ROUTING"), 1e-12, "the class as a whole has no clear direction");
        // a direction with its own pairs has a tight spread; the class as a whole is wide
        assertTrue(spreads.get(TreeEstimates.costKey("ROUTING", true)) < 0.001);
        assertTrue(spreads.get("ROUTING") > 0.005);
    }

    /**
     * Eight cost cuts of one class lost nine points each; one dearer edit of that class was measured. The dearer
     * direction has too few pairs for a mean of its own, and must not inherit the cuts' losses: its prior is
     * centred on zero, with the class's spread.
     */
    @Test
    void aDirectionWithoutEnoughPairsHasNoMeanOfItsOwnButTheClassSpread() {
        List<Measured> nodes = new ArrayList<>(List.of(new Measured("n0", null, null, 400, 280, 1.0)));
        for (int i = 0; i < 8; i++) {
            nodes.add(new Measured("cut" + i, "n0", "SCAFFOLD", 400, 244 + (i % 3), 0.5));
        }
        nodes.add(new Measured("dearer", "n0", "SCAFFOLD", 400, 300, 2.0));
        Map<String, Measured> byId = new java.util.LinkedHashMap<>();
        nodes.forEach(n -> byId.put(n.id(), n));
        TreeEstimates.Spreads spreads = TreeEstimates.spreads(byId);
        String dearer = TreeEstimates.costKey("SCAFFOLD", true);
        assertTrue(spreads.mean("SCAFFOLD") < -0.05, "the class's mean follows its cuts: " + spreads.mean("SCAFFOLD"));
        assertEquals(0.0, spreads.mean(dearer), 1e-12);
        assertEquals(spreads.get("SCAFFOLD"), spreads.get(dearer), 1e-12);
        // so the dearer node's own five-point gain is not pulled below its parent
        double estimate = TreeEstimates.of(nodes).get("dearer").mean();
        assertTrue(estimate > 0.70, "the dearer edit's node estimated at " + estimate);
    }
}
