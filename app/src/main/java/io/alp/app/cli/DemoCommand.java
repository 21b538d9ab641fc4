package io.alp.app.cli;

import io.alp.actors.session.SessionSpec;
import io.alp.app.UserError;
import io.alp.app.session.SessionIds;
import io.alp.app.session.SessionRunner;
import io.alp.engine.model.WorldSpec;
import io.alp.sim.SimWorlds;
import io.alp.sim.SimulationConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.UncheckedIOException;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a full session on a bundled SIMULATED world with the embedded database.")
public final class DemoCommand implements Callable<Integer> {

    @Mixin
    DatabaseOption data;

    @Mixin
    SessionOutput output;

    @Option(names = "--world", defaultValue = "terminal",
            description = "Bundled simulated world (terminal, support, analyst) or a world YAML file "
                    + "(default: ${DEFAULT-VALUE}).")
    String world;

    @Option(names = "--budget", defaultValue = "3000", paramLabel = "USD",
            description = "Dollar budget for proposer and evaluation spend (default: ${DEFAULT-VALUE}).")
    double budget;

    @Option(names = "--seed", defaultValue = "3",
            description = "Seed of the world, dataset and search (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--cases", defaultValue = "100", description = "Cases in the frozen dataset.")
    int cases;

    @Option(names = "--latency-ms", defaultValue = "0", paramLabel = "MS",
            description = "Simulated latency of each evaluation, to watch progress or interrupt a run.")
    long latencyMs;

    @Override
    public Integer call() {
        output.checkReportWritable();
        SimulationConfig settings;
        try {
            settings = SimulationConfig.session(seed).withLatencyMs(latencyMs);
        } catch (IllegalArgumentException e) {
            throw UserError.badInput("--latency-ms: " + e.getMessage());
        }
        WorldSpec ref;
        try {
            ref = SimWorlds.ref(world, settings);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw UserError.badInput("--world: " + e.getMessage());
        }
        SessionSpec spec = Specs.of(SessionIds.next(ref.name()), "demo on " + ref.name(), ref, cases, seed, budget);
        var summary = SessionRunner.start(data.settings(), spec, null, output.progress());
        return output.print(summary, System.out);
    }
}
