package io.alp.sim;

import io.alp.engine.config.YamlMap;
import io.alp.engine.config.YamlNode;
import io.alp.sim.world.WorldDefinition;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A session's settings of the simulated world, as its config gives them: the seed, the simulated judge's samples
 * and noise (the {@code judge:} section of a session on the simulated world), and the simulation's latency, the
 * proposer's insight and edit failures ({@code simulation:}). A noise or insight left out (null) is the world's own
 * ({@link #on}). Every value is range-checked here, once; a world reference carries these settings as text
 * ({@link #settings()}, read back by {@link #fromSettings}), because they are part of the world's content hash.
 */
public record SimulationConfig(long seed, int judgeSamples, Double flipRate, Double vagueRate, Double insight,
                               long latencyMs, double editFailureRate) {

    /** A session's judge: a majority of three, drawn adaptively (two agreeing samples settle most cases). */
    public static final int SESSION_JUDGE_SAMPLES = 3;

    /** Each setting: its key in a world reference's settings, and its range. */
    enum Setting {
        SEED("seed", Long.MIN_VALUE, Long.MAX_VALUE),
        JUDGE_SAMPLES("judge.samples", 1, 99),
        FLIP_RATE("judge.flipRate", 0, 0.5),
        VAGUE_RATE("judge.vagueRate", 0, 1),
        INSIGHT("proposer.insight", 0, 1),
        LATENCY_MS("latencyMs", 0, 3_600_000),
        EDIT_FAILURE_RATE("editFailureRate", 0, 1);

        final String key;
        final double min;
        final double max;

        Setting(String key, double min, double max) {
            this.key = key;
            this.min = min;
            this.max = max;
        }

        void check(Number value) {
            if (value != null && !(value.doubleValue() >= min && value.doubleValue() <= max)) {
                throw new IllegalArgumentException("setting " + key + ": expected a value from " + min + " to " + max
                        + ", got " + value);
            }
        }

        double read(YamlNode node) {
            return node.asNumberIn(min, max);
        }
    }

    public SimulationConfig {
        Setting.JUDGE_SAMPLES.check(judgeSamples);
        Setting.FLIP_RATE.check(flipRate);
        Setting.VAGUE_RATE.check(vagueRate);
        Setting.INSIGHT.check(insight);
        Setting.LATENCY_MS.check(latencyMs);
        Setting.EDIT_FAILURE_RATE.check(editFailureRate);
    }

    /** A session's defaults: the world's own noise and insight, three judge samples, no latency, no edit failures. */
    public static SimulationConfig session(long seed) {
        return new SimulationConfig(seed, SESSION_JUDGE_SAMPLES, null, null, null, 0, 0);
    }

    /**
     * Reads a session config's {@code judge:} ({@code samples}, {@code flipRate}, {@code vagueRate}) and
     * {@code simulation:} ({@code latencyMs}, {@code insight}, {@code editFailureRate}) sections; both optional.
     *
     * @throws io.alp.engine.config.ConfigException naming the file, line and field of a bad value
     */
    public static SimulationConfig from(long seed, Optional<YamlNode> judge, Optional<YamlNode> simulation) {
        SimulationConfig d = session(seed);
        Optional<YamlMap> j = judge.map(n -> n.asMap().allowOnly("samples", "flipRate", "vagueRate"));
        Optional<YamlMap> s = simulation.map(n -> n.asMap().allowOnly("latencyMs", "insight", "editFailureRate"));
        return new SimulationConfig(seed,
                j.flatMap(m -> m.optional("samples")).map(n -> (int) Setting.JUDGE_SAMPLES.read(n))
                        .orElse(d.judgeSamples()),
                j.flatMap(m -> m.optional("flipRate")).map(Setting.FLIP_RATE::read).orElse(null),
                j.flatMap(m -> m.optional("vagueRate")).map(Setting.VAGUE_RATE::read).orElse(null),
                s.flatMap(m -> m.optional("insight")).map(Setting.INSIGHT::read).orElse(null),
                s.flatMap(m -> m.optional("latencyMs")).map(n -> (long) Setting.LATENCY_MS.read(n))
                        .orElse(d.latencyMs()),
                s.flatMap(m -> m.optional("editFailureRate")).map(Setting.EDIT_FAILURE_RATE::read)
                        .orElse(d.editFailureRate()));
    }

    /**
     * Reads a world reference's settings. A key left out keeps its default (seed 1, one judge sample, the world's
     * noise and insight, no latency, no edit failures).
     *
     * @throws IllegalArgumentException naming an unknown key, or a key whose value is not a number in range
     */
    public static SimulationConfig fromSettings(Map<String, String> settings) {
        for (String key : settings.keySet()) {
            if (Arrays.stream(Setting.values()).noneMatch(s -> s.key.equals(key))) {
                throw new IllegalArgumentException("unknown setting \"" + key + "\" of the simulated world; known "
                        + "settings: " + String.join(", ", Arrays.stream(Setting.values()).map(s -> s.key).toList()));
            }
        }
        return new SimulationConfig(
                number(settings, Setting.SEED, Long::parseLong, 1L),
                number(settings, Setting.JUDGE_SAMPLES, Integer::parseInt, 1),
                number(settings, Setting.FLIP_RATE, Double::valueOf, null),
                number(settings, Setting.VAGUE_RATE, Double::valueOf, null),
                number(settings, Setting.INSIGHT, Double::valueOf, null),
                number(settings, Setting.LATENCY_MS, Long::parseLong, 0L),
                number(settings, Setting.EDIT_FAILURE_RATE, Double::valueOf, 0.0));
    }

    private static <T extends Number> T number(Map<String, String> settings, Setting setting,
                                               Function<String, T> parse, T fallback) {
        String text = settings.get(setting.key);
        if (text == null) {
            return fallback;
        }
        try {
            return parse.apply(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + setting.key + ": expected a number, got \"" + text + "\"");
        }
    }

    /** These settings as a world reference carries them: seed and judge samples always, the others when set. */
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(Setting.SEED.key, Long.toString(seed));
        settings.put(Setting.JUDGE_SAMPLES.key, Integer.toString(judgeSamples));
        if (flipRate != null) {
            settings.put(Setting.FLIP_RATE.key, Double.toString(flipRate));
        }
        if (vagueRate != null) {
            settings.put(Setting.VAGUE_RATE.key, Double.toString(vagueRate));
        }
        if (insight != null) {
            settings.put(Setting.INSIGHT.key, Double.toString(insight));
        }
        if (latencyMs != 0) {
            settings.put(Setting.LATENCY_MS.key, Long.toString(latencyMs));
        }
        if (editFailureRate != 0) {
            settings.put(Setting.EDIT_FAILURE_RATE.key, Double.toString(editFailureRate));
        }
        return settings;
    }

    /** The values on one world: what was left out is the world's own. */
    public SimSettings on(WorldDefinition world) {
        return new SimSettings(seed, flipRate != null ? flipRate : world.judge().flipRate(),
                vagueRate != null ? vagueRate : world.judge().vagueRate(), judgeSamples,
                insight != null ? insight : world.proposer().insight(), latencyMs, editFailureRate);
    }

    public SimulationConfig withJudgeSamples(int samples) {
        return new SimulationConfig(seed, samples, flipRate, vagueRate, insight, latencyMs, editFailureRate);
    }

    public SimulationConfig withFlipRate(double rate) {
        return new SimulationConfig(seed, judgeSamples, rate, vagueRate, insight, latencyMs, editFailureRate);
    }

    public SimulationConfig withLatencyMs(long latency) {
        return new SimulationConfig(seed, judgeSamples, flipRate, vagueRate, insight, latency, editFailureRate);
    }
}
