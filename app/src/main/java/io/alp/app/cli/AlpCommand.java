package io.alp.app.cli;

import picocli.CommandLine.Command;

@Command(name = "alp", mixinStandardHelpOptions = true, version = "alp 0.1.0",
        description = "Optimizes LLM agents: a Pareto tree search over edits, scored on pass-rate and dollar cost.",
        subcommands = {DemoCommand.class, RunCommand.class, ResumeCommand.class, StopCommand.class, SessionsCommand.class,
                ShowCommand.class, TreeCommand.class, ReplayCommand.class, SimCommand.class, BenchCommand.class,
                DatasetCommand.class, NodeCommand.class, DiffCommand.class, PromoteCommand.class, ServeCommand.class})
public final class AlpCommand {
}
