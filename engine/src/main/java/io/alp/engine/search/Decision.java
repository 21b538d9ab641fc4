package io.alp.engine.search;

import io.alp.engine.model.Edit;

/** The next thing a session should do; the actor persists it as an event, then applies it. */
public sealed interface Decision {

    /** Ask the proposer for {@code count} edits on {@code parentId}. */
    record Expand(String roundId, String parentId, int count, double reserveUsd) implements Decision {
    }

    /** Apply {@code edit} (which helped at {@code editFrom}) on {@code baseId}, which also helped. */
    record Compound(String roundId, String baseId, String editFrom, Edit edit, String childId, double reserveUsd)
            implements Decision {
    }

    /** No more work will start; the session ends once in-flight work has settled. */
    record Stop(StopReason reason) implements Decision {
    }
}
