package io.alp.engine.frontier;

import io.alp.engine.model.Case;
import io.alp.engine.model.Outcome;

import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Which cases of the frozen dataset a node passed, in dataset order, as a compact hex string that travels in
 * events and messages. Two nodes' masks over the same dataset give the paired comparison noise-aware dominance uses.
 */
public final class PassMask {

    private PassMask() {
    }

    public static String encode(List<Boolean> passes) {
        BitSet bits = new BitSet(passes.size());
        for (int i = 0; i < passes.size(); i++) {
            bits.set(i, passes.get(i));
        }
        return passes.size() + ":" + HexFormat.of().formatHex(bits.toByteArray());
    }

    /** The mask of {@code outcomes} over {@code cases}, in dataset order; a case without an outcome counts as failed. */
    public static String of(List<Case> cases, Map<String, Outcome> outcomes) {
        return encode(cases.stream().map(c -> {
            Outcome o = outcomes.get(c.id());
            return o != null && o.pass();
        }).toList());
    }

    public static BitSet decode(String mask) {
        return BitSet.valueOf(HexFormat.of().parseHex(mask.substring(mask.indexOf(':') + 1)));
    }

    public static int length(String mask) {
        return Integer.parseInt(mask.substring(0, mask.indexOf(':')));
    }
}
