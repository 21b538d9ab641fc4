package io.alp.app.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

@Command(name = "alp", mixinStandardHelpOptions = true, version = "alp 0.1.0",
        description = "Optimizes LLM agents: a Pareto tree search over edits, scored on pass-rate and dollar cost.",
        subcommands = {DemoCommand.class, RunCommand.class, ResumeCommand.class, StopCommand.class, SessionsCommand.class,
                ShowCommand.class, TreeCommand.class, ReplayCommand.class, SimCommand.class, BenchCommand.class,
                DatasetCommand.class, CollectCommand.class, NodeCommand.class, DiffCommand.class, PromoteCommand.class,
                ServeCommand.class, ReportCommand.class, InitCommand.class, HelpCommand.class,
                AutoComplete.GenerateCompletion.class})
public final class AlpCommand {
}
