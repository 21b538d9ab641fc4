package io.alp.app.output;

import io.alp.engine.report.SessionSummary;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A self-contained HTML report, the offline export of the console's session page: the Pareto plot of every
 * evaluated node, the frontier and the baseline, the frontier table and the tree, drawn by the console's own scripts
 * and Chart.js, all inlined (from the jar and Chart.js's WebJar) so the file opens offline.
 */
public final class HtmlReport {

    public static final String CHART_JS = "/META-INF/resources/webjars/chart.js/4.5.1/dist/chart.umd.min.js";
    /** The console's own views, which the report draws from the session it embeds. */
    private static final List<String> CONSOLE_SCRIPTS = List.of("common.js", "plot.js", "session-view.js", "tree.js");

    private HtmlReport() {
    }

    public static Path write(SessionSummary s, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, render(s), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + file + ": " + e.getMessage(), e);
        }
    }

    public static String render(SessionSummary s) {
        String template = resource("/report/report-template.html");
        String scripts = CONSOLE_SCRIPTS.stream().map(name -> resource("/console/" + name))
                .collect(Collectors.joining("\n"));
        // the session's own text goes in last, so nothing in it is taken for a placeholder
        return template
                .replace("/*CONSOLE_CSS*/", resource("/console/console.css"))
                .replace("/*CONSOLE_JS*/", scripts)
                .replace("/*CHART_JS*/", resource(CHART_JS))
                .replace("{{SIMULATED}}", s.simulated()
                        ? "<p class=\"sim\">SIMULATED: " + escape(s.world())
                        + ". Every figure in this report comes from a simulation, not from real models.</p>"
                        : "")
                .replace("{{TITLE}}", escape("ALP session " + s.id()))
                .replace("{{TABLE}}", escape(FrontierTable.render(s)))
                .replace("/*SESSION_JSON*/null", Json.compact(s).replace("</", "<\\/"));
    }

    private static String resource(String path) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
