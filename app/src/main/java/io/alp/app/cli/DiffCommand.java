package io.alp.app.cli;

import io.alp.app.session.Candidates;
import io.alp.evaluator.source.SourceStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Show a candidate's source as a unified diff against the baseline (or against its parent).")
public final class DiffCommand implements Callable<Integer> {

    @Mixin
    DatabaseOption data;

    @Parameters(index = "0", paramLabel = "ID", description = "The session's id (alp sessions lists them).")
    String id;

    @Parameters(index = "1", paramLabel = "NODE", description = "A node of the session, e.g. n3 (alp tree ID lists them).")
    String nodeId;

    @Option(names = "--parent", description = "Diff against the node's parent instead of the baseline.")
    boolean parent;

    @Override
    public Integer call() {
        Candidates candidates = Candidates.of(Journal.session(data, id));
        var node = candidates.node(nodeId);
        String from = parent ? candidates.parentSource(node) : candidates.baseline();
        try (SourceStore store = SourceStore.open(candidates.store())) {
            String diff = store.unifiedDiff(from, node.sourceRef());
            System.out.print(diff.isEmpty() ? "# node " + nodeId + " has the same source as its "
                    + (parent ? "parent" : "baseline") + "\n" : diff);
        }
        return 0;
    }
}
