package io.alp.engine.search;

import io.alp.engine.model.Edit;
import io.alp.engine.port.ReflectionGoal;

/** The next thing a session should do; the actor persists it as an event, then applies it. */
public sealed interface Decision {

    /** Ask the proposer for {@code count} edits on {@code parentId} that serve {@code goal}. */
    record Expand(String roundId, String parentId, int count, double reserveUsd, ReflectionGoal goal)
            implements Decision {
        public Expand {
            goal = goal == null ? ReflectionGoal.FRONTIER : goal; // decisions journaled before goals existed
        }
    }

    /** Apply {@code edit} (which helped at {@code editFrom}) on {@code baseId}, which also helped. */
    record Compound(String roundId, String baseId, String editFrom, Edit edit, String childId, double reserveUsd)
            implements Decision {
    }

    /** No more work will start; the session ends once in-flight work has settled. */
    record Stop(StopReason reason) implements Decision {
    }
}
