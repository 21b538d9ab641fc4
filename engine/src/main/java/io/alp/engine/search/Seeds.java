package io.alp.engine.search;

/**
 * Seeds for the search's random draws, derived from the session's seed and what a draw is for. Nearby seeds given
 * to {@link java.util.Random} start nearly identical streams (its first draws for seeds {@code s} and {@code s + 1}
 * differ by about 1e-4), so every derived seed goes through a SplitMix64 finalizer first.
 */
public final class Seeds {

    private Seeds() {
    }

    /** A well-mixed seed for draw {@code index} of a stream seeded with {@code seed}. */
    public static long of(long seed, long index) {
        return mix(mix(seed) + index * 0x9E3779B97F4A7C15L);
    }

    /** A well-mixed seed for the draws named {@code name} of a stream seeded with {@code seed}. */
    public static long of(long seed, String name) {
        return of(seed, name.hashCode());
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
