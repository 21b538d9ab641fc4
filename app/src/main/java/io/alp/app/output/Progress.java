package io.alp.app.output;

import io.alp.engine.report.SessionSummary;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.Optional;

/** Shows a running session: a progress bar on a terminal, plain lines otherwise. */
public interface Progress {

    void started(SessionSummary s);

    void update(SessionSummary s);

    void finished(SessionSummary s);

    static Progress forConsole(PrintStream out) {
        return System.console() != null ? new BarProgress(out, System.err) : new LineProgress(out);
    }

    /** The first line a run prints: "session ID on WORLD (SIMULATED), budget $B". */
    static String startLine(SessionSummary s) {
        return "session " + s.id() + " on " + s.world() + (s.simulated() ? " (SIMULATED)" : "")
                + String.format(", budget $%.2f", s.budgetUsd());
    }

    /** A few words for a terminal line that also holds a progress bar. */
    static String brief(SessionSummary s) {
        return best(s).map(p -> String.format("%d nodes, best %.0f%% @ $%.2f", s.nodes(), 100 * p.passRate(),
                p.costPerCase())).orElse(s.nodes() + " nodes");
    }

    static String status(SessionSummary s) {
        String best = best(s).map(p -> String.format("best %.1f%% at $%.3f", 100 * p.passRate(), p.costPerCase()))
                .orElse("baseline pending");
        int errors = s.tree().stream().mapToInt(SessionSummary.NodeRow::errors).sum();
        return String.format("nodes %d (%d pending), frontier %d, %s%s", s.nodes(), s.pending(), s.frontier().size(),
                best, errors == 0 ? "" : String.format(", %d case%s could not be evaluated", errors,
                        errors == 1 ? "" : "s"));
    }

    /** The frontier point with the highest pass-rate, once there is one. */
    private static Optional<SessionSummary.NodePoint> best(SessionSummary s) {
        return s.frontier().stream().max(Comparator.comparingDouble(SessionSummary.NodePoint::passRate));
    }
}
