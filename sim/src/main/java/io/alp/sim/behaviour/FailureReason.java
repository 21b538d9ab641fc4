package io.alp.sim.behaviour;

import io.alp.sim.agent.KnobChange;
import io.alp.sim.world.KnobKind;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulated judge's wording, and how the simulated proposer reads it back. A specific failure reason ends
 * with what would have helped, e.g. {@code [simulated judge] the agent never checked the build output: needs
 * tool `build_log`}, or {@code ...: needs a stronger model for `system-network`}.
 */
public final class FailureReason {

    public static final String PREFIX = "[simulated judge] ";
    public static final String PASS = PREFIX + "the task is solved";
    public static final String VAGUE = PREFIX + "answer is wrong";

    private static final Pattern KNOB = Pattern.compile("needs (clause|tool|scaffold|memory) `([^`]+)`");
    private static final Pattern MODEL = Pattern.compile("needs a stronger model for `([^`]+)`");

    private FailureReason() {
    }

    public static String of(Shortfall shortfall) {
        return PREFIX + shortfall.symptom() + shortfall.remedy()
                .map(FailureReason::phrase)
                .orElse(" (no stronger model is available)");
    }

    private static String phrase(KnobChange remedy) {
        if (remedy.kind() == KnobKind.ROUTE) {
            return ": needs a stronger model for `" + remedy.target() + "`";
        }
        String name = remedy.kind().isToggle() ? remedy.target() : remedy.value();
        return ": needs " + remedy.kind().word() + " `" + name + "`";
    }

    /**
     * What a reason says is needed: a clause, tool, scaffold or memory policy by name, or (kind ROUTE) a stronger
     * model for the named category. Empty for vague reasons and anything else.
     */
    public static Optional<Named> parse(String reason) {
        if (reason == null) {
            return Optional.empty();
        }
        Matcher knob = KNOB.matcher(reason);
        if (knob.find()) {
            return Optional.of(new Named(KnobKind.fromWord(knob.group(1)).orElseThrow(), knob.group(2)));
        }
        Matcher model = MODEL.matcher(reason);
        if (model.find()) {
            return Optional.of(new Named(KnobKind.ROUTE, model.group(1)));
        }
        return Optional.empty();
    }

    /** A need as named in a reason; for {@link KnobKind#ROUTE}, {@code name} is the category. */
    public record Named(KnobKind kind, String name) {
    }
}
