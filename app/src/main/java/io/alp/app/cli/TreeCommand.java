package io.alp.app.cli;

import io.alp.app.output.Json;
import io.alp.app.output.TreeView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "tree", mixinStandardHelpOptions = true, description = "Show a session's search tree.")
public final class TreeCommand implements Callable<Integer> {

    @Mixin
    DatabaseOption data;

    @Parameters(paramLabel = "ID", description = "The session's id (alp sessions lists them).")
    String id;

    @Option(names = "--json", description = "Print the nodes as a JSON array.")
    boolean json;

    @Override
    public Integer call() {
        var summary = Journal.session(data, id).summary();
        System.out.print(json ? Json.write(summary.tree()) + "\n" : TreeView.render(summary));
        return 0;
    }
}
