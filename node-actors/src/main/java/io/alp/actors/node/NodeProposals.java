package io.alp.actors.node;

import io.alp.actors.proposer.ProposerActor;
import io.alp.actors.session.SessionActor;
import io.alp.engine.node.NodeLifecycle;
import io.alp.engine.search.Reflections;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

import java.util.HashSet;
import java.util.Set;

/** A scored node's part as a parent: it asks the proposer for its children's edits and hands them to its session. */
final class NodeProposals {

    private final NodeResources resources;
    private final ActorRef<ProposerActor.Reply> replies;
    /** The rounds the proposer is on, so that a round the session asks for again is proposed once. */
    private final Set<String> proposing = new HashSet<>();

    NodeProposals(NodeResources resources, ActorContext<NodeProtocol.Command> ctx) {
        this.resources = resources;
        this.replies = ctx.messageAdapter(ProposerActor.Reply.class, r -> r instanceof ProposerActor.Proposed p
                ? new NodeProtocol.Proposed(p.roundId(), p.batch())
                : new NodeProtocol.ProposalFailed(r.roundId(), ((ProposerActor.Failed) r).reason(),
                ((ProposerActor.Failed) r).costUsd()));
    }

    void expand(NodeLifecycle s, NodeProtocol.Expand c) {
        // a pruned node may still be a parent (it may be the only one passing some cases): the session decides
        if (!(s instanceof NodeLifecycle.Scored)) {
            resources.session(s).tell(new SessionActor.ProposalFailed(c.roundId(),
                    "node " + s.spec().nodeId() + " cannot be expanded: it is " + s.phase(), 0));
            return;
        }
        if (!proposing.add(c.roundId())) {
            return; // the session asked again while the proposer is still on it
        }
        var reflection = Reflections.of(s.spec().nodeId(), s.sourceRef(), s.score(), c.parentScore(),
                c.branchEdits(), s.outcomes().values(), resources.cases(s), c.exclude(), c.count(), c.seed(),
                c.goal());
        resources.runtime().proposer().tell(new ProposerActor.Propose(c.roundId(), s.spec().world(), reflection,
                replies));
    }

    void proposed(NodeLifecycle s, NodeProtocol.Proposed c) {
        proposing.remove(c.roundId());
        resources.session(s).tell(new SessionActor.ProposalsReady(c.roundId(), c.batch()));
    }

    void failed(NodeLifecycle s, NodeProtocol.ProposalFailed c) {
        proposing.remove(c.roundId());
        resources.session(s).tell(new SessionActor.ProposalFailed(c.roundId(), c.reason(), c.costUsd()));
    }

    /** Forgets the rounds asked for: their answers may have been lost with the node's failed incarnation. */
    void forget() {
        proposing.clear();
    }
}
