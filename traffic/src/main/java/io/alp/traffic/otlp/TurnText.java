package io.alp.traffic.otlp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The input and output of a user turn as text. The input is the user's message: the text recorded on the spans
 * that speak for the turn (the root, then the agents), else the last user message of its first model call; the
 * output is the final answer: the root's, else the last agent's, else the last model call's. Only when no text
 * can be found anywhere is a recorded value kept as it is (e.g. JSON of an unknown shape).
 */
final class TurnText {

    private TurnText() {
    }

    /** @param speakers the root (when in the turn) and the agents, in start order */
    static String input(List<OtlpSpan> speakers, List<ModelCalls.Call> calls) {
        for (OtlpSpan span : speakers) {
            if (span.input() != null) {
                return span.input();
            }
        }
        for (ModelCalls.Call call : calls) {
            if (call.input() != null) {
                return call.input();
            }
        }
        for (OtlpSpan span : speakers) {
            if (span.rawInput() != null) {
                return span.rawInput();
            }
        }
        return calls.stream().map(c -> c.span().rawInput()).filter(r -> r != null).findFirst().orElse(null);
    }

    static String output(List<OtlpSpan> speakers, List<ModelCalls.Call> calls) {
        // the root (when it is no agent) speaks for the turn; after it the agents, the latest first
        List<OtlpSpan> answering = new ArrayList<>(speakers.size());
        int firstAgent = isRootFirst(speakers) ? 1 : 0;
        if (firstAgent == 1) {
            answering.add(speakers.get(0));
        }
        for (int i = speakers.size() - 1; i >= firstAgent; i--) {
            answering.add(speakers.get(i));
        }
        List<ModelCalls.Call> latestFirst = new ArrayList<>(calls);
        latestFirst.sort(Comparator.comparingLong((ModelCalls.Call c) -> c.span().endNanos()).reversed());
        for (OtlpSpan span : answering) {
            if (span.output() != null) {
                return span.output();
            }
        }
        for (ModelCalls.Call call : latestFirst) {
            if (call.output() != null) {
                return call.output();
            }
        }
        for (OtlpSpan span : answering) {
            if (span.rawOutput() != null) {
                return span.rawOutput();
            }
        }
        return latestFirst.stream().map(c -> c.span().rawOutput()).filter(r -> r != null).findFirst().orElse(null);
    }

    private static boolean isRootFirst(List<OtlpSpan> speakers) {
        return speakers.get(0).root() && speakers.get(0).role() != OtlpSpan.Role.AGENT;
    }
}
