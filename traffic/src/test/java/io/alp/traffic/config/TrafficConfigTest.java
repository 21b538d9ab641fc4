package io.alp.traffic.config;

import io.alp.engine.config.ConfigException;
import io.alp.engine.config.YamlNode;
import io.alp.engine.traffic.FeedbackRules;
import io.alp.engine.dataset.SamplingPolicy;
import io.alp.engine.dataset.TimeWindow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrafficConfigTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    @TempDir
    Path dir;

    private TrafficConfig parse(String yaml) {
        return TrafficConfig.parse(YamlNode.root("sample.yaml", yaml).asMap(), dir, NOW);
    }

    private ConfigException refused(String yaml) {
        return assertThrows(ConfigException.class, () -> parse(yaml));
    }

    @Test
    void readsADebugPolicyOverAFileWithRedactions() throws IOException {
        Files.writeString(dir.resolve("traces.jsonl"), "");
        TrafficConfig c = parse("""
                name: checkout failures
                source:
                  kind: otlp
                  path: traces.jsonl
                policy:
                  kind: debug
                  size: 50
                  seed: 9
                  window: {last: 7d}
                  filter: route = checkout and not error
                  halfLife: 36h
                redact:
                  - email
                  - name: order
                    pattern: 'ORD-\\d+'
                    replacement: ORD-?
                """);
        assertEquals("checkout failures", c.name());
        assertEquals(SourceSpec.Kind.OTLP, c.source().kind());
        assertEquals(dir.resolve("traces.jsonl"), c.source().path());
        SamplingPolicy.Debug d = assertInstanceOf(SamplingPolicy.Debug.class, c.policy());
        assertEquals(50, d.size());
        assertEquals(9, d.seed());
        assertEquals(new TimeWindow(NOW.minus(Duration.ofDays(7)), NOW), d.window());
        assertEquals(Duration.ofHours(36), d.halfLife());
        assertTrue(d.describe().contains("half-life 36h"), d.describe());
        assertEquals("route = checkout and not error", d.filter().toString());
        assertEquals(2, c.redactor().rules().size());
        assertEquals("see ORD-? and [EMAIL]", c.redactor().apply("see ORD-12 and a@b.io"));
    }

    @Test
    void readsASqlSourceWhosePasswordComesFromTheEnvironment() {
        TrafficConfig c = parse("""
                source:
                  kind: sql
                  url: jdbc:postgresql://127.0.0.1:5432/prod
                  user: reader
                  passwordEnv: TRAFFIC_DB_PASSWORD
                  query: select id, input from requests
                policy: {kind: improve, size: 10, stratifyBy: route}
                """);
        assertEquals("TRAFFIC_DB_PASSWORD", c.source().passwordEnv());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.source().open(Map.of()));
        assertTrue(e.getMessage().contains("TRAFFIC_DB_PASSWORD") && e.getMessage().contains("not set"));
        assertEquals("route", ((SamplingPolicy.Improve) c.policy()).stratifyBy());
    }

    @Test
    void aRegressionWithoutTopUpNeedsNoSource() {
        TrafficConfig c = parse("policy: {kind: regression, dataset: ds-0123456789ab}\n");
        assertNull(c.source());
        assertEquals("ds-0123456789ab", ((SamplingPolicy.Regression) c.policy()).datasetId());
    }

    @Test
    void mistakesAreNamedByLineAndField() {
        ConfigException e = refused("""
                source: {kind: jsonl, path: nowhere.jsonl}
                policy: {kind: improve}
                """);
        assertEquals(1, e.line());
        assertEquals("source.path", e.field());
        assertTrue(e.problem().contains("no file at"), e.getMessage());

        e = refused("""
                policy:
                  kind: sometimes
                """);
        assertEquals("policy.kind", e.field());
        assertEquals(2, e.line());

        e = refused("""
                policy:
                  kind: debug
                  filter: route = = x
                """);
        assertEquals("policy.filter", e.field());
        assertTrue(e.problem().contains("column"), e.getMessage());

        e = refused("""
                policy:
                  kind: improve
                  window: {last: a week}
                """);
        assertEquals("policy.window.last", e.field());

        e = refused("""
                source:
                  kind: sql
                  url: jdbc:postgresql://db/prod?user=u&password=secret
                  query: select 1
                policy: {kind: improve}
                """);
        assertEquals("source.url", e.field());
        assertTrue(e.problem().contains("passwordEnv"), e.getMessage());

        e = refused("""
                policy: {kind: regression, dataset: ds-0123456789ab}
                redact: [email, ssn]
                """);
        assertEquals("redact[1]", e.field());

        e = refused("policy: {kind: improve, size: 10}\n");
        assertTrue(e.problem().contains("missing field source"), e.getMessage());

        e = refused("""
                policy:
                  kind: improve
                  window: {since: 2026-11-20T00:00:00Z, until: 2026-11-01T00:00:00Z}
                """);
        assertTrue(e.problem().contains("not before its end"), e.getMessage());
    }

    @Test
    void readsWhichWayEachScoreIsBetterAndRefusesAnUnknownDirection() throws IOException {
        Files.writeString(dir.resolve("traces.jsonl"), "");
        TrafficConfig c = parse("""
                source: {kind: otlp, path: traces.jsonl}
                policy: {kind: debug}
                feedback:
                  toxicity: {better: lower, threshold: 0.5}
                  correctness: {better: higher, threshold: 0.7}
                """);
        assertEquals(new FeedbackRules.Rule(FeedbackRules.Better.LOWER, 0.5), c.feedback().rules().get("toxicity"));
        assertEquals(new FeedbackRules.Rule(FeedbackRules.Better.HIGHER, 0.7), c.feedback().rules().get("correctness"));

        ConfigException e = refused("""
                source: {kind: otlp, path: traces.jsonl}
                policy: {kind: debug}
                feedback:
                  toxicity: {better: less, threshold: 0.5}
                """);
        assertTrue(e.getMessage().contains("expected lower or higher"), e.getMessage());
        assertTrue(e.getMessage().contains("line 4"), e.getMessage());
    }

    @Test
    void jaegerNamesTheTraceReaderWhichReadsJaegersJson() throws IOException {
        Files.copy(Path.of("src/test/resources/otlp/jaeger/openllmetry-0.27.0-workflow-agent.jaeger.json"),
                dir.resolve("jaeger.json"));
        TrafficConfig c = parse("""
                source: {kind: jaeger, path: jaeger.json}
                policy: {kind: improve, size: 5}
                """);
        assertEquals(SourceSpec.Kind.OTLP, c.source().kind());
        List<io.alp.engine.traffic.Request> requests = new java.util.ArrayList<>();
        c.source().open(Map.of()).read(requests::add);
        assertEquals(2, requests.size());

        ConfigException e = refused("""
                source: {kind: zipkin, path: jaeger.json}
                policy: {kind: improve}
                """);
        assertTrue(e.getMessage().contains("expected otlp, jaeger, langfuse"), e.getMessage());
    }
}
