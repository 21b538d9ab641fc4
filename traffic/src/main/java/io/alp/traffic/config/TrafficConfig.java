package io.alp.traffic.config;

import io.alp.engine.config.ConfigException;
import io.alp.engine.config.YamlMap;
import io.alp.engine.config.YamlNode;
import io.alp.engine.dataset.Redactor;
import io.alp.engine.dataset.RequestFilter;
import io.alp.engine.dataset.SamplingPolicy;
import io.alp.engine.dataset.TimeWindow;
import io.alp.engine.traffic.FeedbackRules;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How to draw a dataset from traffic: the source, the sampling policy, the redactions and which way each score is
 * better ({@code feedback}); the body of a
 * {@code alp dataset sample} config and of a session config's {@code traffic:} section. A relative path is
 * resolved against the config file's directory; {@code window.last} is resolved against {@code now}.
 *
 * @param source null only for a regression without a top-up
 */
public record TrafficConfig(String name, SourceSpec source, SamplingPolicy policy, Redactor redactor,
                            FeedbackRules feedback) {

    public static final int DEFAULT_SIZE = 100;
    public static final Duration DEFAULT_HALF_LIFE = Duration.ofDays(2);

    public static TrafficConfig parse(YamlMap map, Path configDir, Instant now) {
        map.allowOnly("name", "source", "policy", "redact", "feedback");
        String name = map.optional("name").map(YamlNode::asString).orElse(null);
        YamlMap policyMap = map.required("policy").asMap();
        SamplingPolicy policy = policy(policyMap, now);
        boolean needsSource = !(policy instanceof SamplingPolicy.Regression r) || r.topUp() > 0;
        SourceSpec source = null;
        if (map.optional("source").isPresent()) {
            source = source(map.required("source").asMap(), configDir);
        } else if (needsSource) {
            throw map.self().error("missing field source (where the traffic is read from)");
        }
        Redactor redactor = map.optional("redact").map(TrafficConfig::redactor).orElse(Redactor.NONE);
        FeedbackRules feedback = map.optional("feedback").map(TrafficConfig::feedback).orElse(FeedbackRules.NONE);
        return new TrafficConfig(name, source, policy, redactor, feedback);
    }

    private static SourceSpec source(YamlMap map, Path configDir) {
        YamlNode kindNode = map.required("kind");
        SourceSpec.Kind kind;
        String kindName = kindNode.asString().trim().toUpperCase(Locale.ROOT);
        try {
            // Jaeger's JSON is read by the trace reader, which tells it from OTLP by content
            kind = SourceSpec.Kind.valueOf(kindName.equals("JAEGER") ? "OTLP" : kindName);
        } catch (IllegalArgumentException e) {
            throw kindNode.error("expected otlp, jaeger, langfuse, jsonl, collected or sql, got "
                    + kindNode.describe());
        }
        if (kind == SourceSpec.Kind.SQL) {
            map.allowOnly("kind", "url", "user", "passwordEnv", "query");
            String url = map.required("url").asString().trim();
            if (!url.startsWith("jdbc:")) {
                throw map.required("url").error("expected a JDBC URL (jdbc:postgresql://host/db), got "
                        + map.required("url").describe());
            }
            if (url.toLowerCase(Locale.ROOT).matches(".*[?&;]password=.*")) {
                throw map.required("url").error("do not put the password in the URL; name the environment "
                        + "variable that holds it in passwordEnv");
            }
            return new SourceSpec(kind, null, url, map.optional("user").map(YamlNode::asString).orElse(null),
                    map.optional("passwordEnv").map(YamlNode::asString).orElse(null),
                    map.required("query").asString());
        }
        map.allowOnly("kind", "path");
        YamlNode pathNode = map.required("path");
        Path path = configDir == null ? Path.of(pathNode.asString()) : configDir.resolve(pathNode.asString());
        if (kind == SourceSpec.Kind.COLLECTED ? !Files.isDirectory(path) : !Files.isRegularFile(path)) {
            throw pathNode.error(kind == SourceSpec.Kind.COLLECTED ? "no directory at " + path.toAbsolutePath()
                    + " (the --dir alp collect writes to)" : "no file at " + path.toAbsolutePath());
        }
        return new SourceSpec(kind, path, null, null, null, null);
    }

    private static SamplingPolicy policy(YamlMap map, Instant now) {
        YamlNode kindNode = map.required("kind");
        String kind = kindNode.asString().trim();
        long seed = map.optional("seed").map(n -> (long) n.asNumber()).orElse(1L);
        TimeWindow window = map.optional("window").map(w -> window(w.asMap(), now)).orElse(TimeWindow.ALL);
        String stratifyBy = map.optional("stratifyBy").map(YamlNode::asString).map(String::trim).orElse(null);
        try {
            switch (kind) {
                case "debug" -> {
                    map.allowOnly("kind", "size", "seed", "window", "filter", "halfLife");
                    RequestFilter filter = map.optional("filter").map(TrafficConfig::filter).orElse(null);
                    Duration halfLife = map.optional("halfLife").map(TrafficConfig::duration)
                            .orElse(DEFAULT_HALF_LIFE);
                    return new SamplingPolicy.Debug(size(map), seed, window, filter, halfLife);
                }
                case "improve" -> {
                    map.allowOnly("kind", "size", "seed", "window", "stratifyBy");
                    return new SamplingPolicy.Improve(size(map), seed, window, stratifyBy);
                }
                case "regression" -> {
                    map.allowOnly("kind", "dataset", "topUp", "seed", "window", "stratifyBy");
                    int topUp = map.optional("topUp").map(n -> (int) n.asNumberIn(0, 1_000_000)).orElse(0);
                    return new SamplingPolicy.Regression(map.required("dataset").asString().trim(), topUp, seed,
                            window, stratifyBy);
                }
                default -> throw kindNode.error("expected debug, improve or regression, got " + kindNode.describe());
            }
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw map.self().error(e.getMessage());
        }
    }

    private static int size(YamlMap map) {
        return map.optional("size").map(n -> (int) n.asNumberIn(1, 1_000_000)).orElse(DEFAULT_SIZE);
    }

    private static RequestFilter filter(YamlNode node) {
        try {
            return RequestFilter.parse(node.asString());
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
    }

    private static TimeWindow window(YamlMap map, Instant now) {
        map.allowOnly("since", "until", "last");
        Instant until = map.optional("until").map(TrafficConfig::instant).orElse(null);
        Instant since = map.optional("since").map(TrafficConfig::instant).orElse(null);
        if (map.optional("last").isPresent()) {
            if (since != null) {
                throw map.key("last").error("give either since or last, not both");
            }
            Instant end = until == null ? now : until;
            since = end.minus(duration(map.required("last")));
            until = end;
        }
        try {
            return new TimeWindow(since, until);
        } catch (IllegalArgumentException e) {
            throw map.self().error(e.getMessage());
        }
    }

    private static Instant instant(YamlNode node) {
        try {
            return Instant.parse(node.asString().trim());
        } catch (DateTimeParseException e) {
            throw node.error("expected an ISO-8601 instant such as 2026-11-01T00:00:00Z, got " + node.describe());
        }
    }

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*([smhdw])");

    /** {@code 90m}, {@code 12h}, {@code 7d}, {@code 2w}, or ISO-8601 such as {@code PT36H}. */
    static Duration duration(YamlNode node) {
        String text = node.asString().trim().toLowerCase(Locale.ROOT);
        var m = SHORT_DURATION.matcher(text);
        Duration d = null;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
        } else {
            try {
                d = Duration.parse(text.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException ignored) {
                // reported below
            }
        }
        if (d == null || d.isZero() || d.isNegative()) {
            throw node.error("expected a positive duration such as 7d, 12h or PT30M, got " + node.describe());
        }
        return d;
    }

    /** {@code feedback: {toxicity: {better: lower, threshold: 0.5}, correctness: {better: higher, threshold: 0.7}}} */
    private static FeedbackRules feedback(YamlNode node) {
        YamlMap map = node.asMap();
        Map<String, FeedbackRules.Rule> rules = new LinkedHashMap<>();
        for (String name : map.names()) {
            YamlMap rule = map.required(name).asMap().allowOnly("better", "threshold");
            YamlNode better = rule.required("better");
            FeedbackRules.Better direction = switch (better.asString().trim().toLowerCase(Locale.ROOT)) {
                case "lower" -> FeedbackRules.Better.LOWER;
                case "higher" -> FeedbackRules.Better.HIGHER;
                default -> throw better.error("expected lower or higher (which values of " + name + " are better), got "
                        + better.describe());
            };
            rules.put(name, new FeedbackRules.Rule(direction, rule.required("threshold").asNumber()));
        }
        return new FeedbackRules(rules);
    }

    private static Redactor redactor(YamlNode node) {
        List<Redactor.Rule> rules = new ArrayList<>();
        for (YamlNode item : node.asList()) {
            if (item.isScalar()) {
                try {
                    rules.add(Redactor.builtIn(item.asString().trim()));
                } catch (IllegalArgumentException e) {
                    throw item.error(e.getMessage());
                }
                continue;
            }
            YamlMap rule = item.asMap().allowOnly("name", "pattern", "replacement");
            YamlNode pattern = rule.required("pattern");
            String name = rule.optional("name").map(YamlNode::asString).orElse(pattern.asString());
            try {
                rules.add(new Redactor.Rule(name, Pattern.compile(pattern.asString()),
                        rule.optional("replacement").map(YamlNode::asString).orElse("[REDACTED]")));
            } catch (PatternSyntaxException e) {
                throw pattern.error("bad regular expression: " + e.getDescription());
            }
        }
        return new Redactor(rules);
    }
}
