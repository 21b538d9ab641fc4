package io.alp.app.cli;

import io.alp.app.session.SessionConfig;
import io.alp.app.session.SessionRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the session a session YAML file describes.")
public final class RunCommand implements Callable<Integer> {

    @Mixin
    DataDirOption data;

    @Mixin
    SessionOutput output;

    @Parameters(paramLabel = "SESSION.yaml", description = "The session config.")
    Path config;

    @Override
    public Integer call() {
        var spec = SessionConfig.load(config);
        output.checkReportWritable();
        var summary = SessionRunner.start(data.settings(), spec, output.progress());
        return output.print(summary, System.out);
    }
}
