package io.alp.app.cli;

import io.alp.app.session.SessionRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Continue an interrupted session from its journal; nothing recorded is evaluated again.")
public final class ResumeCommand implements Callable<Integer> {

    @Mixin
    DataDirOption data;

    @Mixin
    SessionOutput output;

    @Parameters(paramLabel = "ID", description = "The session id.")
    String id;

    @Override
    public Integer call() {
        output.checkReportWritable();
        var summary = SessionRunner.resume(data.existingSettings(), id, output.progress());
        return output.print(summary, System.out);
    }
}
