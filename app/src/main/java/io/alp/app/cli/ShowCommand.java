package io.alp.app.cli;

import io.alp.app.output.FrontierTable;
import io.alp.app.output.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "show", mixinStandardHelpOptions = true, description = "Show a session's state and frontier.")
public final class ShowCommand implements Callable<Integer> {

    @Mixin
    DatabaseOption data;

    @Parameters(paramLabel = "ID")
    String id;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        var summary = Journal.session(data, id).summary();
        System.out.print(json ? Json.write(summary) + "\n" : FrontierTable.render(summary));
        return 0;
    }
}
