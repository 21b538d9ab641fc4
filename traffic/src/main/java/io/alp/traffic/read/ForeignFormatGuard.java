package io.alp.traffic.read;

import io.alp.engine.traffic.TrafficFormatException;

/**
 * Tells a file of another format from a file with a few bad records. While no record of a file has been read
 * successfully, records that failed because they look like another format (or are not JSON at all) are
 * counted; once the first few all did, or the file ends with nothing but those, the whole file is refused
 * with a {@link TrafficFormatException} that says what it looks like. Any good record disarms the guard.
 */
public final class ForeignFormatGuard {

    /** How many foreign-looking records in a row, from the start, refuse the file. */
    public static final int LIMIT = 3;

    private final String source;
    private final String expected;
    private final String unit;
    private final String units;
    private boolean accepted;
    private boolean otherFailure;
    private int foreign;
    private String firstLooksLike;

    /**
     * @param source   the file name, as messages start with it
     * @param expected what the file should be, e.g. {@code a Langfuse trace export}
     * @param unit     what a record is called, e.g. {@code line}
     * @param units    its plural, e.g. {@code lines}
     */
    public ForeignFormatGuard(String source, String expected, String unit, String units) {
        this.source = source;
        this.expected = expected;
        this.unit = unit;
        this.units = units;
    }

    public void accepted() {
        accepted = true;
    }

    public boolean anyAccepted() {
        return accepted;
    }

    /** A record that failed for an ordinary reason (a missing field, a wrong type). */
    public void otherFailure() {
        otherFailure = true;
    }

    /**
     * A record that failed because it looks like {@code looksLike} (e.g. {@code OTLP/JSON traces}).
     *
     * @throws TrafficFormatException when this makes the first {@link #LIMIT} records all foreign
     */
    public void foreign(String looksLike) {
        if (accepted || otherFailure) {
            return;
        }
        foreign++;
        if (firstLooksLike == null) {
            firstLooksLike = looksLike;
        }
        if (foreign >= LIMIT) {
            throw new TrafficFormatException(source + " is not " + expected + ": its first " + foreign + " "
                    + units + " look like " + firstLooksLike);
        }
    }

    /** @throws TrafficFormatException when the file ended with only foreign-looking records */
    public void finish() {
        if (!accepted && !otherFailure && foreign > 0) {
            String which = foreign == 1 ? "its only " + unit + " looks" : "all its " + foreign + " " + units + " look";
            throw new TrafficFormatException(source + " is not " + expected + ": " + which + " like "
                    + firstLooksLike);
        }
    }
}
