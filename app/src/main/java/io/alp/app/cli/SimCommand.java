package io.alp.app.cli;

import io.alp.app.UserError;
import io.alp.app.output.Json;
import io.alp.sim.SimWorlds;
import io.alp.sim.oracle.FrontierTable;
import io.alp.sim.oracle.Oracle;
import io.alp.sim.oracle.OracleResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.UncheckedIOException;
import java.util.concurrent.Callable;

@Command(name = "sim", mixinStandardHelpOptions = true, description = "The simulated world.",
        subcommands = SimCommand.OracleCommand.class)
public final class SimCommand {

    @Command(name = "oracle", mixinStandardHelpOptions = true,
            description = "Print the exact frontier of a SIMULATED world, by enumerating every configuration.")
    public static final class OracleCommand implements Callable<Integer> {

        @Parameters(paramLabel = "WORLD",
                description = "Bundled world (terminal, support, analyst) or a world YAML file.")
        String world;

        @Option(names = "--seed", defaultValue = "7", description = "Seed of the dataset (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--cases", defaultValue = "100", description = "Cases in the dataset (default: ${DEFAULT-VALUE}).")
        int cases;

        @Option(names = "--json", description = "Print {frontier: [{passRate, costPerCase, config}], configurations}.")
        boolean json;

        @Override
        public Integer call() {
            if (cases < 1) {
                throw UserError.badInput("--cases must be at least 1, got " + cases);
            }
            OracleResult result;
            try {
                result = Oracle.forWorld(world, SimWorlds.definition(world), seed, cases);
            } catch (IllegalArgumentException | UncheckedIOException e) {
                throw UserError.badInput(e.getMessage());
            }
            System.out.print(json ? Json.write(result) + "\n" : FrontierTable.render(result));
            return 0;
        }
    }
}
