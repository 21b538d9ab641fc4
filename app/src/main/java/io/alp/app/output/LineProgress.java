package io.alp.app.output;

import io.alp.engine.report.SessionSummary;

import java.io.PrintStream;

/** Progress as plain lines, for output that is not a terminal: a line whenever another node is scored. */
final class LineProgress implements Progress {

    private final PrintStream out;
    private int scored = -1;

    LineProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void started(SessionSummary s) {
        out.println(Progress.startLine(s));
        update(s);
    }

    @Override
    public void update(SessionSummary s) {
        if (s.scored() != scored) {
            scored = s.scored();
            out.printf("  spent $%.2f of $%.2f | %s%n", s.spentUsd(), s.budgetUsd(), Progress.status(s));
        }
    }

    @Override
    public void finished(SessionSummary s) {
        update(s);
    }
}
