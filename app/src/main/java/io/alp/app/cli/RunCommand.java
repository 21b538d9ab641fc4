package io.alp.app.cli;

import io.alp.app.session.SessionConfig;
import io.alp.app.session.SessionDatasets;
import io.alp.engine.model.Dataset;
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
        var setup = SessionConfig.load(config);
        output.checkReportWritable();
        var settings = data.settings();
        Dataset dataset = SessionDatasets.resolve(setup, settings, System.err);
        var spec = dataset == null ? setup.spec() : setup.spec().withDatasetSize(dataset.size());
        var summary = SessionRunner.start(settings, spec, dataset, output.progress());
        return output.print(summary, System.out);
    }
}
