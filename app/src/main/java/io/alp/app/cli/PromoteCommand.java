package io.alp.app.cli;

import io.alp.app.UserError;
import io.alp.app.session.Candidates;
import io.alp.evaluator.source.AgentRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "promote", mixinStandardHelpOptions = true,
        description = "Create a branch at a candidate's commit in the agent's repository, for review and merge. "
                + "ALP never pushes and never deploys.")
public final class PromoteCommand implements Callable<Integer> {

    @Mixin
    DatabaseOption data;

    @Parameters(index = "0", paramLabel = "ID", description = "The session's id (alp sessions lists them).")
    String id;

    @Parameters(index = "1", paramLabel = "NODE", description = "A node of the session, e.g. n3 (alp tree ID lists them).")
    String nodeId;

    @Option(names = "--branch", required = true, paramLabel = "NAME", description = "The branch to create.")
    String branch;

    @Override
    public Integer call() {
        Candidates candidates = Candidates.of(Journal.session(data, id));
        var node = candidates.node(nodeId);
        try {
            AgentRepository.createBranch(candidates.store(), branch, node.sourceRef());
        } catch (IllegalArgumentException e) {
            throw UserError.badInput(e.getMessage());
        }
        System.out.printf("branch %s created at %s (node %s of session %s) in %s%n", branch,
                node.sourceRef().substring(0, 12), nodeId, id, candidates.store());
        System.out.println("review it with: git log -p " + branch + "   (nothing was pushed or deployed)");
        return 0;
    }
}
