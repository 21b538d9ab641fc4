package io.alp.app.cli;

import io.alp.app.session.SessionRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Continue an interrupted session from its journal; nothing recorded is evaluated again.")
public final class ResumeCommand implements Callable<Integer> {

    @Mixin
    DatabaseOption data;

    @Mixin
    ClusterOption cluster;

    @Mixin
    SessionOutput output;

    @Option(names = "--detach", description = "With --seeds: return once the session runs on the cluster again.")
    boolean detach;

    @Parameters(paramLabel = "ID", description = "The session's id (alp sessions lists them).")
    String id;

    @Override
    public Integer call() {
        output.checkDetach(detach, cluster);
        var summary = SessionRunner.resume(cluster.settings(data, true), id, output.progress(), !detach);
        return detach ? output.printDetached(summary, data, System.out) : output.print(summary, System.out);
    }
}
