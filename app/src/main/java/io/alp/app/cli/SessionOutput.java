package io.alp.app.cli;

import io.alp.app.output.FrontierTable;
import io.alp.app.UserError;
import io.alp.app.output.HtmlReport;
import io.alp.app.output.Json;
import io.alp.app.output.Progress;
import io.alp.engine.report.SessionSummary;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** How a finished run is shown: the frontier table (or JSON) and the HTML report. */
public final class SessionOutput {

    @Option(names = "--report", paramLabel = "FILE",
            description = "Where to write the HTML report (default: report-ID.html in the current folder, named after "
                    + "the session, so that no session's report overwrites another's).")
    Path report;

    @Option(names = "--json", description = "Print the final session summary as JSON.")
    boolean json;

    /** Progress goes to stdout, or to stderr when stdout carries the JSON. */
    Progress progress() {
        return Progress.forConsole(json ? System.err : System.out);
    }

    /** Refuses a report path that cannot be written before any money is spent on a session. */
    void checkReportWritable() {
        if (report == null) {
            return;
        }
        Path dir = report.toAbsolutePath().getParent();
        try {
            if (dir != null) {
                Files.createDirectories(dir);
            }
        } catch (IOException | SecurityException e) {
            throw UserError.badInput("--report " + report + ": its directory cannot be created (" + e.getMessage() + ")");
        }
        if (Files.isDirectory(report) || dir != null && !Files.isWritable(dir)
                || Files.exists(report) && !Files.isWritable(report)) {
            throw UserError.badInput("--report " + report + " is not a writable file");
        }
    }

    /**
     * {@code --detach} needs a cluster (without one the session runs in this process and ends with it); a run that
     * is followed writes its report, so the path is checked before anything starts.
     */
    void checkDetach(boolean detach, ClusterOption cluster) {
        if (detach && !cluster.given()) {
            throw UserError.badInput("--detach needs --seeds: without a cluster the session runs in this process");
        }
        if (!detach) {
            checkReportWritable();
        }
    }

    /** A session that goes on in the cluster: its id line (or the summary as JSON) and how to follow it. */
    int printDetached(SessionSummary s, DatabaseOption data, PrintStream out) {
        if (json) {
            out.println(Json.write(s));
        } else {
            out.println(Progress.startLine(s));
            out.println("running on the cluster; follow it with: alp show " + s.id() + data.asArguments());
        }
        return 0;
    }

    int print(SessionSummary s, PrintStream out) {
        if (!json) {
            return printTable(s, out);
        }
        out.println(Json.write(s));
        writeReport(s);
        return exitCode(s);
    }

    /** The frontier table and where the report went, whatever {@code --json} says (a command with JSON of its own). */
    int printTable(SessionSummary s, PrintStream out) {
        out.println();
        out.print(FrontierTable.render(s));
        out.println();
        out.println("report: " + writeReport(s).toAbsolutePath());
        return exitCode(s);
    }

    private Path writeReport(SessionSummary s) {
        try {
            return HtmlReport.write(s, report == null ? defaultReport(s.id()) : report);
        } catch (UncheckedIOException e) {
            throw UserError.badInput(e.getMessage() + " (the session itself is saved: alp show " + s.id() + ")");
        }
    }

    /** A session's report when no path is given: named after it, in the current folder. */
    static Path defaultReport(String sessionId) {
        return Path.of("report-" + sessionId.replaceAll("[^A-Za-z0-9._-]", "_") + ".html");
    }

    /** 1 when the session failed, or stopped because its baseline could not be evaluated: nothing was measured. */
    private static int exitCode(SessionSummary s) {
        return SessionSummary.FAILED.equals(s.status()) || "baseline_errors".equals(s.stopReason()) ? 1 : 0;
    }
}
