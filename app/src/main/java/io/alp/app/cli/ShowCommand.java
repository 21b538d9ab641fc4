package io.alp.app.cli;

import io.alp.app.UserError;
import io.alp.app.console.NodeDetail;
import io.alp.app.console.NodeReads;
import io.alp.app.output.FrontierTable;
import io.alp.app.output.Json;
import io.alp.app.output.NodeView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show a session's state and frontier, or one node case by case: its edit and its change against "
                + "its parent, and per case the input, the output, pass/fail/error (and the parent's verdict), the "
                + "judge's reason or the error, tokens and cost.")
public final class ShowCommand implements Callable<Integer> {

    @Mixin
    DatabaseOption data;

    @Parameters(index = "0", paramLabel = "ID", description = "The session's id (alp sessions lists them).")
    String id;

    @Parameters(index = "1", paramLabel = "NODE", arity = "0..1",
            description = "A node of the session, e.g. n3 (alp tree ID lists them); the root is n0.")
    String node;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        var session = Journal.session(data, id);
        if (node == null) {
            var summary = session.summary();
            System.out.print(json ? Json.write(summary) + "\n" : FrontierTable.render(summary));
            return 0;
        }
        NodeDetail detail = Journal.read(data, a -> CompletableFuture.completedFuture(
                        NodeReads.detail(session, a.reader(), node)))
                .orElseThrow(() -> UserError.notFound("session " + id + " has no node '" + node
                        + "' (alp tree " + id + " lists them)"));
        System.out.print(json ? Json.write(detail) + "\n" : NodeView.render(detail));
        return 0;
    }
}
