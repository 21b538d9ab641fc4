package io.alp.sim.behaviour;

import java.nio.charset.StandardCharsets;

/**
 * Uniform numbers that are a pure function of a seed and some text, identical across JVMs and runs: what makes
 * every simulated outcome, flip and failure reproducible.
 */
public final class StableRandom {

    private StableRandom() {
    }

    public static long hash(long seed, String... parts) {
        long h = 0xcbf29ce484222325L ^ mix(seed);
        for (String part : parts) {
            for (byte b : part.getBytes(StandardCharsets.UTF_8)) {
                h = (h ^ (b & 0xff)) * 0x100000001b3L;
            }
            h = (h ^ 0xff) * 0x100000001b3L; // separator, so ("ab","c") differs from ("a","bc")
        }
        return mix(h);
    }

    /** A number in [0, 1). */
    public static double uniform(long seed, String... parts) {
        return (hash(seed, parts) >>> 11) * 0x1.0p-53;
    }

    /** The SplitMix64 finalizer: spreads every input bit over the whole word. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
