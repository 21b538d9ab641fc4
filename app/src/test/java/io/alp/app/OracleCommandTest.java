package io.alp.app;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static io.alp.app.Alp.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code alp sim oracle}: the exact frontier of a simulated world, by enumerating every configuration. */
class OracleCommandTest {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"terminal", "support"})
    void oracleJsonIsANonDominatedFrontierOverEveryConfiguration(String world) {
        JsonNode result = Alp.run("sim", "oracle", world, "--json").assertOk().json();
        assertEquals(Set.of("frontier", "configurations"), names(result), "the documented shape: " + names(result));
        long configurations = field(result, "configurations").asLong();
        assertTrue(field(result, "configurations").isIntegralNumber() && configurations >= 10_000,
                "enumerates at least 10000 configurations: " + configurations);
        JsonNode frontier = field(result, "frontier");
        assertTrue(frontier.size() >= 2 && frontier.size() < configurations, "a frontier: " + frontier.size());
        Set<String> configs = new HashSet<>();
        for (JsonNode p : frontier) {
            assertEquals(Set.of("passRate", "costPerCase", "config"), names(p), "a frontier point: " + p);
            double pass = field(p, "passRate").asDouble();
            assertTrue(pass >= 0 && pass <= 1, "pass-rate is a fraction: " + p);
            assertTrue(field(p, "costPerCase").asDouble() > 0, "dollars per case: " + p);
            assertFalse(field(p, "config").asText().isBlank(), "names its configuration: " + p);
            assertTrue(configs.add(field(p, "config").asText()), "each configuration once: " + p);
        }
        for (JsonNode a : frontier) {
            for (JsonNode b : frontier) {
                assertFalse(dominates(a, b), "frontier point " + a + " dominates frontier point " + b);
            }
        }
    }

    @Test
    void theTerminalWorldIsShapedAsTheReadmeSays() {
        // README: harness edits and cheap/frontier routing reach about 80% at about $0.53 per case
        JsonNode frontier = field(Alp.run("sim", "oracle", "terminal", "--json").assertOk().json(), "frontier");
        boolean reaches = false;
        for (JsonNode p : frontier) {
            reaches |= field(p, "passRate").asDouble() >= 0.78 && field(p, "costPerCase").asDouble() <= 0.65;
        }
        assertTrue(reaches, "a frontier point near 80% at about $0.53: " + frontier);
    }

    @Test
    void theOracleIsExactAndRepeatable() {
        String first = Alp.run("sim", "oracle", "terminal", "--seed", "11", "--cases", "40", "--json").assertOk().out();
        String second = Alp.run("sim", "oracle", "terminal", "--seed", "11", "--cases", "40", "--json").assertOk().out();
        assertEquals(first, second, "same world, seed and cases: same frontier");
    }

    @Test
    void oracleTextIsLabelledSimulated() {
        Alp.Result text = Alp.run("sim", "oracle", "terminal").assertOk();
        assertTrue(text.out().toLowerCase().contains("simulated"), text::describe);
        assertTrue(text.out().matches("(?s).*\\d[\\d,]{4,} configurations.*"), text::describe);
    }

    @Test
    void anUnknownWorldNamesTheBundledWorlds() {
        Alp.Result r = Alp.run("sim", "oracle", "atlantis", "--json");
        r.assertExit(1).assertNoStackTrace();
        assertTrue(r.err().contains("atlantis") && r.err().contains("terminal") && r.err().contains("support"),
                r::describe);
        assertEquals("", r.out());
    }

    @Test
    void aMalformedWorldFileIsBadInputNamingFileAndLine() throws IOException {
        Path world = Files.writeString(tmp.resolve("broken-world.yaml"), "name: broken\nmodels: [\n");
        Alp.Result r = Alp.run("sim", "oracle", world.toString(), "--json");
        r.assertNoStackTrace().assertExit(1);
        assertTrue(r.err().contains(world.toString()) && r.err().contains("line "), r::describe);
    }

    @Test
    void anEmptyDatasetIsBadInput() {
        Alp.Result r = Alp.run("sim", "oracle", "terminal", "--cases", "0");
        r.assertNoStackTrace().assertExit(1);
        assertTrue(r.err().startsWith("alp: "), r::describe);
    }

    private static Set<String> names(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static boolean dominates(JsonNode a, JsonNode b) {
        double pa = a.get("passRate").asDouble();
        double pb = b.get("passRate").asDouble();
        double ca = a.get("costPerCase").asDouble();
        double cb = b.get("costPerCase").asDouble();
        return pa >= pb && ca <= cb && (pa > pb || ca < cb);
    }
}
