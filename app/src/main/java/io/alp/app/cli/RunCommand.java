package io.alp.app.cli;

import io.alp.app.session.SessionConfig;
import io.alp.app.session.SessionDatasets;
import io.alp.engine.model.Dataset;
import io.alp.app.session.SessionRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the session a session YAML file describes: in this process, or on a cluster (--seeds).")
public final class RunCommand implements Callable<Integer> {

    @Mixin
    DatabaseOption data;

    @Mixin
    ClusterOption cluster;

    @Mixin
    SessionOutput output;

    @Option(names = "--detach", description = "With --seeds: return once the session has started on the cluster.")
    boolean detach;

    @Parameters(paramLabel = "SESSION.yaml", description = "The session config.")
    Path config;

    @Override
    public Integer call() {
        var setup = SessionConfig.load(config);
        output.checkDetach(detach, cluster);
        var settings = cluster.settings(data, false);
        Dataset dataset = SessionDatasets.resolve(setup, settings, System.err);
        var spec = dataset == null ? setup.spec() : setup.spec().withDatasetSize(dataset.size());
        var summary = SessionRunner.start(settings, spec, dataset, output.progress(), !detach);
        return detach ? output.printDetached(summary, data, System.out) : output.print(summary, System.out);
    }
}
