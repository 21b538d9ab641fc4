package io.alp.app.cli;

import io.alp.app.output.FrontierTable;
import io.alp.app.output.HtmlReport;
import io.alp.app.output.Json;
import io.alp.engine.report.SessionSummary;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;

/** How a finished run is shown: the frontier table (or JSON) and the HTML report. */
public final class SessionOutput {

    @Option(names = "--report", paramLabel = "FILE", defaultValue = "report.html",
            description = "Where to write the HTML report (default: ${DEFAULT-VALUE}).")
    Path report;

    @Option(names = "--json", description = "Print the final session summary as JSON.")
    boolean json;

    int print(SessionSummary s, PrintStream out) {
        Path written = HtmlReport.write(s, report);
        if (json) {
            out.println(Json.write(s));
        } else {
            out.println();
            out.print(FrontierTable.render(s));
            out.println();
            out.println("report: " + written.toAbsolutePath());
        }
        return SessionSummary.FAILED.equals(s.status()) ? 1 : 0;
    }
}
