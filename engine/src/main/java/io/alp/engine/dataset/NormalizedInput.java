package io.alp.engine.dataset;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Inputs that differ only in case or whitespace are the same request for deduplication. Hashed to 64 bits
 * (FNV-1a over UTF-8) so that samplers keep one long per input, not the text.
 */
public final class NormalizedInput {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private NormalizedInput() {
    }

    public static String normalize(String input) {
        return WHITESPACE.matcher(input.strip()).replaceAll(" ").toLowerCase(Locale.ROOT);
    }

    public static long hash(String input) {
        long h = 0xcbf29ce484222325L;
        for (byte b : normalize(input).getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** A uniform number in (0, 1) fixed by the seed and the input: the same input draws the same number. */
    public static double uniform(long seed, long inputHash) {
        long z = seed * 0x9E3779B97F4A7C15L + inputHash;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return ((z >>> 11) + 0.5) / (1L << 53);
    }
}
