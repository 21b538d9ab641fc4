package io.alp.sim;

import io.alp.sim.world.WorldDefinition;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A session's knobs on the simulated world, from {@code WorldSpec.settings()}: {@code seed}, {@code judge.flipRate},
 * {@code judge.vagueRate}, {@code judge.samples}, {@code proposer.insight}, {@code latencyMs},
 * {@code editFailureRate}. Missing keys fall back to the world's values (or seed 1, one judge sample, no latency,
 * no edit failures); unknown keys and bad values are refused.
 */
public record SimSettings(long seed, double flipRate, double vagueRate, int judgeSamples, double insight,
                          long latencyMs, double editFailureRate) {

    public static final List<String> KEYS = List.of("seed", "judge.flipRate", "judge.vagueRate", "judge.samples",
            "proposer.insight", "latencyMs", "editFailureRate");

    public static SimSettings defaults(WorldDefinition world) {
        return from(Map.of(), world);
    }

    public static SimSettings from(Map<String, String> settings, WorldDefinition world) {
        for (String key : settings.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown setting \"" + key + "\" for " + world.label()
                        + "; known settings: " + String.join(", ", KEYS));
            }
        }
        Reader read = new Reader(settings);
        return new SimSettings(
                read.value("seed", 1L, Long::parseLong, Long.MIN_VALUE, Long.MAX_VALUE),
                read.value("judge.flipRate", world.judge().flipRate(), Double::parseDouble, 0, 0.5),
                read.value("judge.vagueRate", world.judge().vagueRate(), Double::parseDouble, 0, 1),
                read.value("judge.samples", 1, Integer::parseInt, 1, 99),
                read.value("proposer.insight", world.proposer().insight(), Double::parseDouble, 0, 1),
                read.value("latencyMs", 0L, Long::parseLong, 0, 3_600_000),
                read.value("editFailureRate", 0.0, Double::parseDouble, 0, 1));
    }

    private record Reader(Map<String, String> settings) {

        <T extends Number> T value(String key, T fallback, Function<String, T> parse, double min, double max) {
            String text = settings.get(key);
            if (text == null) {
                return fallback;
            }
            T value;
            try {
                value = parse.apply(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("setting " + key + ": expected a number, got \"" + text + "\"");
            }
            if (value.doubleValue() < min || value.doubleValue() > max || Double.isNaN(value.doubleValue())) {
                throw new IllegalArgumentException("setting " + key + ": expected a value from " + min + " to "
                        + max + ", got " + text);
            }
            return value;
        }
    }
}
