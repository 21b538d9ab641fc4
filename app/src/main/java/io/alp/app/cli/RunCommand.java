package io.alp.app.cli;

import io.alp.actors.session.SessionSpec;
import io.alp.agentworld.AgentWorlds;
import io.alp.app.session.Recordings;
import io.alp.evaluator.runner.Confinement;
import io.alp.evaluator.runner.Sandboxes;
import io.alp.app.session.SessionConfig;
import io.alp.app.session.SessionDatasets;
import io.alp.engine.model.Dataset;
import io.alp.app.session.SessionRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import io.alp.app.UserError;
import io.alp.engine.report.SessionSummary;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    @Option(names = "--record", description = "Record every model exchange of the session, to re-run it offline "
            + "later with 'alp replay ID --rerun'.")
    boolean record;

    @Parameters(paramLabel = "SESSION.yaml", arity = "1..*",
            description = "The session config; several with --seeds --detach, to start them all at once.")
    List<Path> configs;

    @Override
    public Integer call() {
        if (configs.size() > 1 && !detach) {
            throw UserError.badInput("several session configs start together only on a cluster: add --seeds and "
                    + "--detach");
        }
        List<SessionConfig.SessionSetup> setups = configs.stream()
                .map(config -> SessionConfig.load(config, data.workDir()))
                .map(setup -> record ? Recordings.record(setup, data.workDir()) : setup)
                .toList();
        setups.forEach(setup -> sayHowCandidatesRun(setup.spec()));
        output.checkDetach(detach, cluster);
        var settings = cluster.settings(data, false);
        List<SessionRunner.Submission> submissions = new ArrayList<>();
        for (SessionConfig.SessionSetup setup : setups) {
            Dataset dataset = SessionDatasets.resolve(setup, settings, System.err);
            submissions.add(new SessionRunner.Submission(
                    dataset == null ? setup.spec() : setup.spec().withDatasetSize(dataset.size()), dataset));
        }
        if (detach) {
            for (SessionSummary summary : SessionRunner.startDetached(settings, submissions)) {
                output.printDetached(summary, data, System.out);
            }
            return 0;
        }
        SessionRunner.Submission only = submissions.get(0);
        return output.print(SessionRunner.start(settings, only.spec(), only.dataset(), output.progress()),
                System.out);
    }

    /**
     * Said on the console, not only in the log: the sandbox and the limits that hold each case, and a warning when
     * the user is about to run code that edits itself unisolated.
     */
    private static void sayHowCandidatesRun(SessionSpec spec) {
        if (AgentWorlds.isAgent(spec.world())) {
            var agent = AgentWorlds.spec(spec.world()).agent();
            if (agent.runsProgram()) {
                if (!Sandboxes.isolates(agent.sandbox())) {
                    System.err.println("alp: warning: " + Sandboxes.UNSANDBOXED_WARNING);
                }
                System.err.println("alp: each case runs in sandbox " + Sandboxes.create(agent.sandbox())
                        .describe(Confinement.of(agent.limits()), Duration.ofSeconds(agent.timeoutSeconds())));
            }
        }
    }
}
