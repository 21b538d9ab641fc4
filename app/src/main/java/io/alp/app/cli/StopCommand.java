package io.alp.app.cli;

import io.alp.app.output.Json;
import io.alp.app.session.SessionRunner;
import io.alp.engine.report.SessionSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "stop", mixinStandardHelpOptions = true,
        description = "Stop a session: on a cluster (--seeds), or an interrupted one in the embedded database. "
                + "Its frontier so far is kept.")
public final class StopCommand implements Callable<Integer> {

    @Mixin
    DatabaseOption data;

    @Mixin
    ClusterOption cluster;

    @Parameters(paramLabel = "ID", description = "The session's id (alp sessions lists them).")
    String id;

    @Option(names = "--json", description = "Print the session summary as JSON.")
    boolean json;

    @Override
    public Integer call() {
        SessionRunner.Stopped stopped = SessionRunner.stop(cluster.settings(data, true), id);
        SessionSummary s = stopped.summary();
        if (json) {
            System.out.println(Json.write(s));
        } else {
            System.out.printf("session %s %s: %s, spent $%.2f of $%.2f, %d nodes%n", s.id(),
                    stopped.now() ? "stopped" : "had already stopped", s.stopReason(), s.spentUsd(), s.budgetUsd(),
                    s.nodes());
        }
        return 0;
    }
}
