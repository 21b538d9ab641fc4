package io.alp.app.output;

import io.alp.engine.report.SessionSummary;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A self-contained HTML report: the Pareto plot of every evaluated node, the frontier and the baseline (Chart.js,
 * inlined from its WebJar so the file opens offline), and the frontier table.
 */
public final class HtmlReport {

    public static final String CHART_JS = "/META-INF/resources/webjars/chart.js/4.5.1/dist/chart.umd.min.js";

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
        return template
                .replace("/*CHART_JS*/", resource(CHART_JS))
                .replace("/*SESSION_JSON*/null", Json.compact(s).replace("</", "<\\/"))
                .replace("{{TITLE}}", escape("ALP session " + s.id()))
                .replace("{{SIMULATED}}", s.simulated()
                        ? "<p class=\"sim\">SIMULATED: " + escape(s.world())
                        + ". Every figure in this report comes from a simulation, not from real models.</p>"
                        : "")
                .replace("{{TABLE}}", escape(FrontierTable.render(s)));
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
