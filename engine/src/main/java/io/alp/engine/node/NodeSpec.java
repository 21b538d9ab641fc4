package io.alp.engine.node;

import io.alp.engine.model.Edit;
import io.alp.engine.model.WorldRef;
import io.alp.engine.search.Racing;
import io.alp.engine.search.StagedEvaluation;

/**
 * What a tree node is: its edit on its parent's source (both null for the baseline), where its cases come from,
 * and how it is evaluated.
 *
 * @param sessionId the session it belongs to (null outside a session's actors, e.g. in {@code LocalSearch})
 * @param world     the world it runs in, by content hash (null where the driver holds its world itself)
 * @param datasetId the frozen dataset it is evaluated on
 * @param staged    whether it first races its parent on minibatches drawn with {@code raceSeed}
 * @param race      what its staged evaluation races against, fixed when the node was opened
 */
public record NodeSpec(String sessionId, String nodeId, String parentId, String parentSource, Edit edit,
                       WorldRef world, String datasetId, boolean staged, long raceSeed, Racing.Context race) {

    public NodeSpec {
        if (nodeId == null || nodeId.isBlank()) {
            throw new IllegalArgumentException("a node spec needs a node id (session " + sessionId + ")");
        }
        race = race == null ? Racing.Context.NONE : race;
    }

    public boolean baseline() {
        return edit == null;
    }

    /** The stage its evaluation starts in: racing its parent, or every case at once. */
    public int firstStage() {
        return StagedEvaluation.firstStage(staged, parentId != null);
    }
}
