package io.alp.app.session;

import io.alp.actors.session.SessionActor;
import io.alp.agentworld.AgentWorldSpec;
import io.alp.agentworld.AgentWorlds;
import io.alp.app.UserError;
import io.alp.engine.tree.TreeNode;

import java.nio.file.Path;

/** A real-agent session's candidates as commits: where they live and which commit a node is. */
public record Candidates(String sessionId, Path store, String baseline, SessionActor.Active session) {

    public static Candidates of(SessionActor.Active session) {
        var spec = session.started().spec();
        if (!AgentWorlds.isAgent(spec.world())) {
            throw UserError.badInput("session " + spec.id() + " ran on the simulated world: its candidates are "
                    + "configurations, not source code (alp tree " + spec.id() + " shows each one's edits)");
        }
        AgentWorldSpec world = AgentWorlds.spec(spec.world());
        return new Candidates(spec.id(), Path.of(world.sourceStore()), world.baseline(), session);
    }

    public TreeNode node(String nodeId) {
        TreeNode node = session.search().tree().nodes().stream().filter(n -> n.id().equals(nodeId)).findFirst()
                .orElseThrow(() -> UserError.notFound("session " + sessionId + " has no node '" + nodeId
                        + "' (alp tree " + sessionId + " lists them)"));
        if (node.sourceRef() == null) {
            throw UserError.badInput("node " + nodeId + " of session " + sessionId + " has no source: "
                    + (node.failure() != null ? node.failure() : "its edit was not applied (" + node.status() + ")"));
        }
        return node;
    }

    /** The commit of a node's parent, or the baseline for the root. */
    public String parentSource(TreeNode node) {
        return node.parentId() == null ? baseline : node(node.parentId()).sourceRef();
    }
}
