package io.alp.sim;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The output text of a simulated run. It names the agent source so that the simulated judge, which sees only
 * the case and the output, can look up the ground truth.
 */
final class RunTranscript {

    private static final Pattern AGENT = Pattern.compile("^\\[simulated] agent (\\S+) worked on ");

    private RunTranscript() {
    }

    static String of(String canonicalSource, String caseId, String category, boolean solved) {
        return "[simulated] agent " + canonicalSource + " worked on " + category + " case " + caseId + ": "
                + (solved ? "it reports the task done" : "it reports the task done, but it is not");
    }

    static Optional<String> source(String output) {
        Matcher m = AGENT.matcher(output == null ? "" : output);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
