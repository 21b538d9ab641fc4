package io.alp.engine.port;

import io.alp.engine.model.Edit;
import io.alp.engine.model.Outcome;
import io.alp.engine.model.Score;

import java.util.List;
import java.util.Map;

/**
 * What a proposer sees of a parent: its source, the edits on its branch from the root, its score against its
 * own parent's, its failed cases with the judge's reasons, a sample of passed cases, and edits not to repeat.
 *
 * @param inputs the input of every case in {@code failed} and {@code passedSample}, by case id
 * @param seed deterministic per (session, node, round), so a retried reflection proposes the same edits
 * @param goal   what the proposals should serve (null reads as {@link ReflectionGoal#FRONTIER})
 */
public record Reflection(String nodeId, String sourceRef, List<Edit> branchEdits, Score score, Score parentScore,
                         List<Outcome> failed, List<Outcome> passedSample, Map<String, String> inputs,
                         List<Edit> exclude, int count, long seed, ReflectionGoal goal) {
    public Reflection {
        goal = goal == null ? ReflectionGoal.FRONTIER : goal;
        branchEdits = List.copyOf(branchEdits);
        failed = List.copyOf(failed);
        passedSample = List.copyOf(passedSample);
        inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
        exclude = List.copyOf(exclude);
    }
}
