package io.alp.engine.dataset;

import io.alp.engine.traffic.Problem;
import io.alp.engine.traffic.Request;
import io.alp.engine.traffic.Skipped;

/**
 * Counts the requests a sampler leaves out because their normalized input repeats that of a request it keeps as a
 * candidate (one case per input), keeping the first as an example.
 */
final class Duplicates {

    private long count;
    private Problem example;

    /** {@code dropped} repeats the input of {@code kept}. */
    void repeat(Request dropped, Request kept) {
        count++;
        if (example == null) {
            example = new Problem("request " + dropped.id(), "repeats the input of request " + kept.id() + ": "
                    + abbreviate(kept.input()));
        }
    }

    /** The count and example, or null when there were none. */
    Skipped result() {
        return count == 0 ? null : new Skipped(count, example);
    }


    private static String abbreviate(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= 80 ? "'" + flat + "'" : "'" + flat.substring(0, 77) + "...'";
    }
}
