package io.alp.app.cli;

import io.alp.app.output.HtmlReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write a session's HTML report again, from its journal (running or finished).")
public final class ReportCommand implements Callable<Integer> {

    @Mixin
    DatabaseOption data;

    @Parameters(paramLabel = "ID", description = "The session's id (alp sessions lists them).")
    String id;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Where to write it (default: report-ID.html in the current folder).")
    Path out;

    @Override
    public Integer call() {
        var summary = Journal.session(data, id).summary();
        Path written = HtmlReport.write(summary, out == null ? SessionOutput.defaultReport(id) : out);
        System.out.println("report: " + written.toAbsolutePath());
        return 0;
    }
}
