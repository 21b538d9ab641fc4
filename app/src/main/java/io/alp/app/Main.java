package io.alp.app;

import io.alp.app.cli.AlpCommand;
import io.alp.cluster.NodeStartException;
import picocli.CommandLine;

/** The {@code alp} command line. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = new CommandLine(new AlpCommand());
        cli.setParameterExceptionHandler((e, parsed) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println("alp: " + e.getMessage());
            String name = cmd.getCommandSpec().qualifiedName();
            cmd.getErr().println("see: " + name + " --help" + (cmd.getParent() == null ? " (or alp help COMMAND)" : ""));
            return UserError.BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            Throwable cause = e;
            while (!(cause instanceof UserError) && !(cause instanceof NodeStartException)
                    && cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            if (cause instanceof UserError u) {
                cmd.getErr().println("alp: " + u.getMessage());
                return u.exitCode();
            }
            if (cause instanceof NodeStartException n) {
                cmd.getErr().println("alp: " + n.getMessage());
                return UserError.BAD_INPUT;
            }
            cmd.getErr().println("alp: unexpected failure: " + e);
            e.printStackTrace(cmd.getErr());
            return 3;
        });
        return cli.execute(args);
    }
}
