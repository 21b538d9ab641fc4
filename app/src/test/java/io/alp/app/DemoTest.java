package io.alp.app;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.alp.app.Alp.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code alp demo} as the README runs it (the bundled SIMULATED {@code terminal} world, default dataset and budget),
 * only with {@code --data} and {@code --report} in a temporary directory.
 */
class DemoTest {

    private static final String CHART_JS = "/META-INF/resources/webjars/chart.js/4.5.1/dist/chart.umd.min.js";

    @TempDir
    Path tmp;

    @Test
    void demoFindsAVersionThatDominatesTheBaselineAndWritesAnOfflineReport() throws IOException {
        Path data = tmp.resolve("data");
        Path report = tmp.resolve("report.html");
        Alp.Result demo = Alp.run("demo", "--data", data.toString(), "--report", report.toString()).assertOk();
        String id = demo.sessionId();
        assertTrue(demo.lines().get(0).contains("terminal") && demo.lines().get(0).contains("(SIMULATED)"),
                () -> "the first line names the world and says SIMULATED\n" + demo.describe());

        // the final table: labelled SIMULATED, with the baseline row and then the frontier rows
        List<String> lines = demo.lines();
        int banner = indexOf(lines, l -> l.startsWith("SIMULATED: ") && l.contains("terminal"));
        assertTrue(banner >= 0, () -> "no 'SIMULATED: ...terminal' banner above the table\n" + demo.describe());
        int header = indexOf(lines, l -> l.matches("node\\s+pass-rate.*\\$/case.*vs baseline.*"));
        assertTrue(header > banner, () -> "no frontier table header after the banner\n" + demo.describe());
        assertTrue(lines.get(banner + 1).startsWith("session " + id + "  stopped"),
                () -> "the table names the session and says it stopped\n" + demo.describe());

        JsonNode show = Alp.show(data.toString(), id);
        assertEquals(id, field(show, "id").asText());
        assertEquals("stopped", field(show, "status").asText());
        assertTrue(field(show, "simulated").asBoolean());
        JsonNode baseline = field(show, "baseline");
        String baselineNode = field(baseline, "node").asText();
        String baselineRow = lines.get(header + 1);
        assertTrue(baselineRow.matches(Pattern.quote(baselineNode) + "\\s+.*\\bbaseline\\b.*\\(as deployed\\)"),
                () -> "the first row is the baseline\n" + demo.describe());
        assertTrue(baselineRow.contains(String.format("%.1f%%", 100 * field(baseline, "passRate").asDouble()))
                        && baselineRow.contains(String.format("$%.4f", field(baseline, "costPerCase").asDouble())),
                () -> "the baseline row shows the baseline's pass-rate and cost from show --json\n" + baselineRow);
        List<String> rows = new ArrayList<>();
        for (int i = header + 2; i < lines.size() && !lines.get(i).isBlank(); i++) {
            rows.add(lines.get(i).split("\\s+")[0]);
        }
        List<String> frontierNodes = new ArrayList<>();
        field(show, "frontier").forEach(p -> frontierNodes.add(field(p, "node").asText()));
        assertEquals(frontierNodes, rows, () -> "the table's frontier rows are show --json's frontier\n"
                + demo.describe());

        // the search found an agent version that is better AND cheaper than the baseline
        double basePass = field(baseline, "passRate").asDouble();
        double baseCost = field(baseline, "costPerCase").asDouble();
        List<String> dominating = new ArrayList<>();
        for (JsonNode p : field(show, "frontier")) {
            if (field(p, "passRate").asDouble() > basePass && field(p, "costPerCase").asDouble() < baseCost) {
                dominating.add(field(p, "node").asText());
                assertFalse(field(p, "edits").isEmpty(), "a node that differs from the baseline has edits: " + p);
            }
        }
        assertFalse(dominating.isEmpty(), () -> "no frontier node has a higher pass-rate and a lower cost than the "
                + "baseline (" + basePass + ", $" + baseCost + "): " + field(show, "frontier"));

        // the report: where the output says, self-contained, SIMULATED, carrying the session
        assertTrue(lines.contains("report: " + report.toAbsolutePath()),
                () -> "the output names the report file\n" + demo.describe());
        assertTrue(Files.isRegularFile(report), "report written");
        String html = Files.readString(report, StandardCharsets.UTF_8);
        assertTrue(html.contains(resource(CHART_JS)), "the report inlines Chart.js 4.5.1 unchanged");
        assertFalse(html.matches("(?s).*<script[^>]+src=.*"), "the report loads no external script");
        assertFalse(html.contains("{{") || html.contains("/*SESSION_JSON*/"), "every placeholder is filled");
        assertTrue(html.contains("SIMULATED"), "the report says SIMULATED");
        assertTrue(html.contains("<title>ALP session " + id + "</title>"), "the report's title names the session");
        Matcher m = Pattern.compile("const session = (\\{.*\\});\\s*$", Pattern.MULTILINE).matcher(html);
        assertTrue(m.find(), "the report embeds the session as JSON");
        JsonNode embedded = Alp.JSON.readTree(m.group(1));
        assertEquals(id, field(embedded, "id").asText());
        assertEquals(field(show, "frontier"), field(embedded, "frontier"), "the report plots show's frontier");
        assertEquals(field(show, "baseline"), field(embedded, "baseline"));
        assertEquals(field(show, "nodes").asInt(), field(embedded, "tree").size(), "the report has every node");
    }

    private static int indexOf(List<String> lines, java.util.function.Predicate<String> p) {
        for (int i = 0; i < lines.size(); i++) {
            if (p.test(lines.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = DemoTest.class.getResourceAsStream(path)) {
            assertNotNull(in, path + " on the test classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
