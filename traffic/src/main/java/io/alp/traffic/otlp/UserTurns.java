package io.alp.traffic.otlp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Groups a trace's top-most agent spans into user turns. Each agent answers a user message: the text of its own
 * recorded input, else the last user message of its first model call. Consecutive agents answering the same
 * message (a hand-off, a sub-agent run side by side) or none that can be told are one turn; a different message
 * starts the next turn.
 */
final class UserTurns {

    private UserTurns() {
    }

    static List<List<OtlpSpan>> of(List<OtlpSpan> agents, TraceTree tree, Map<String, OtlpSpan> byId) {
        List<List<OtlpSpan>> turns = new ArrayList<>();
        String current = null;
        for (OtlpSpan agent : agents) {
            String message = normalize(userMessage(agent, tree, byId));
            if (turns.isEmpty() || (message != null && current != null && !message.equals(current))) {
                turns.add(new ArrayList<>());
            }
            turns.get(turns.size() - 1).add(agent);
            current = message != null ? message : current;
        }
        return turns;
    }

    private static String userMessage(OtlpSpan agent, TraceTree tree, Map<String, OtlpSpan> byId) {
        if (agent.input() != null) {
            return agent.input();
        }
        for (ModelCalls.Call call : ModelCalls.of(tree.subtree(agent), byId).calls()) {
            if (call.input() != null) {
                return call.input();
            }
        }
        return null;
    }

    private static String normalize(String text) {
        return text == null || text.isBlank() ? null : text.strip().replaceAll("\\s+", " ");
    }
}
