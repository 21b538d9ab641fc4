package io.alp.sim.oracle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The non-dominated points (maximize pass, minimize cost) of millions of candidates: sort by cost, keep each
 * point that beats every cheaper one on pass. Sorting packs a cost quantized below any meaningful difference and
 * the index into one long, so a primitive sort suffices; an exact pass over the survivors settles near-ties.
 */
final class ParetoSweep {

    private ParetoSweep() {
    }

    /** Indices of the frontier, cheapest first. */
    static int[] frontier(double[] pass, double[] cost) {
        int n = pass.length;
        int indexBits = Math.max(1, 32 - Integer.numberOfLeadingZeros(Math.max(1, n - 1)));
        // 62, not 63: rounding cost * scale may land one above the intended maximum; the sign bit stays clear
        double maxCost = Arrays.stream(cost).max().orElse(0);
        double scale = ((1L << (62 - indexBits)) - 1) / Math.max(maxCost, 1e-12);
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = (long) (cost[i] * scale) << indexBits | i;
        }
        Arrays.sort(keys);
        long indexMask = (1L << indexBits) - 1;
        List<Integer> survivors = new ArrayList<>();
        double best = Double.NEGATIVE_INFINITY;
        for (long key : keys) {
            int i = (int) (key & indexMask);
            if (pass[i] > best) {
                best = pass[i];
                survivors.add(i);
            }
        }
        return exact(survivors, pass, cost);
    }

    private static int[] exact(List<Integer> candidates, double[] pass, double[] cost) {
        List<Integer> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.<Integer>comparingDouble(i -> cost[i]).thenComparingDouble(i -> -pass[i]));
        List<Integer> kept = new ArrayList<>();
        double best = Double.NEGATIVE_INFINITY;
        for (int i : sorted) {
            if (pass[i] > best) {
                best = pass[i];
                kept.add(i);
            }
        }
        return kept.stream().mapToInt(Integer::intValue).toArray();
    }
}
