package io.alp.app.cli;

import io.alp.actors.query.NodeDetail;
import io.alp.agentworld.AgentWorlds;
import io.alp.app.UserError;
import io.alp.app.output.FrontierTable;
import io.alp.app.output.Json;
import io.alp.app.output.NodeView;
import io.alp.app.session.Candidates;
import io.alp.evaluator.source.SourceStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show a session's state and frontier, or one node case by case: its edit and changes, and per "
                + "case the input, the output, pass/fail/error, the judge's reason or the error, tokens and cost.")
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

    /** A node's detail with what its edit changed, file by file (empty for a simulated candidate). */
    public record NodeReport(NodeDetail node, List<NodeView.FileChange> changes) {
    }

    @Override
    public Integer call() {
        var session = Journal.session(data, id);
        if (node == null) {
            var summary = session.summary();
            System.out.print(json ? Json.write(summary) + "\n" : FrontierTable.render(summary));
            return 0;
        }
        NodeDetail detail = Journal.read(data, a -> NodeDetail.read(a.reader(), id, node))
                .orElseThrow(() -> UserError.notFound("session " + id + " has no node '" + node
                        + "' (alp tree " + id + " lists them)"));
        boolean agent = AgentWorlds.isAgent(session.started().spec().world());
        List<NodeView.FileChange> changes = agent ? changes(Candidates.of(session), detail) : List.of();
        System.out.print(json ? Json.write(new NodeReport(detail, changes)) + "\n"
                : NodeView.render(detail, changes, session.summary().simulated()));
        return 0;
    }

    /** Lines added and removed per file between the node's parent and the node. */
    private static List<NodeView.FileChange> changes(Candidates candidates, NodeDetail d) {
        if (d.sourceRef() == null || d.parent() == null) {
            return List.of();
        }
        String diff;
        try (SourceStore store = SourceStore.open(candidates.store())) {
            diff = store.unifiedDiff(candidates.parentSource(candidates.node(d.node())), d.sourceRef());
        }
        Map<String, int[]> counts = new LinkedHashMap<>();
        String file = null;
        for (String line : diff.split("\n")) {
            if (line.startsWith("+++ ")) {
                file = line.substring(4).replaceFirst("^b/", "");
            } else if (line.startsWith("--- ")) {
                file = line.substring(4).replaceFirst("^a/", "");
            } else if (file != null && line.startsWith("+")) {
                counts.computeIfAbsent(file, f -> new int[2])[0]++;
            } else if (file != null && line.startsWith("-")) {
                counts.computeIfAbsent(file, f -> new int[2])[1]++;
            }
        }
        List<NodeView.FileChange> changes = new ArrayList<>();
        counts.forEach((f, c) -> changes.add(new NodeView.FileChange(f, c[0], c[1])));
        return changes;
    }
}
