package io.alp.bench.search;

/**
 * A knob setting the oracle's best configuration has and the best configuration a method evaluated lacks
 * (SIMULATED; see {@link TopGap}). Serializes with Jackson as {@code {change, trueGain, evaluated}}.
 *
 * @param change    the knob and the oracle's value for it, e.g. {@code route:billing=frontier} or {@code tool:web=on}
 * @param trueGain  what this change alone adds to the true pass-rate of the best configuration evaluated (a
 *                  fraction; negative when it only helps together with others)
 * @param evaluated whether any candidate the method evaluated on every case had this setting
 */
public record MissingChange(String change, double trueGain, boolean evaluated) {
}
