package io.alp.app.output;

import io.alp.actors.ConsoleWarnings;
import io.alp.engine.report.SessionSummary;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;

/** Dollars spent of the budget as a progress bar, with the tree and frontier in its message. */
final class BarProgress implements Progress {

    /** Back to the line's start and erase it (ANSI), so that a warning does not run into the bar. */
    static final String CLEAR_LINE = "\r\u001b[2K";

    private final PrintStream out;
    private final PrintStream err;
    private ProgressBar bar;

    BarProgress(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** A warning while the bar is drawn: the bar's line is blanked first, and the bar redraws below it. */
    void warn(String line) {
        synchronized (out) {
            out.print(CLEAR_LINE);
            out.flush();
            err.println("alp: warning: " + line);
            err.flush();
        }
    }

    @Override
    public void started(SessionSummary s) {
        out.println("session " + s.id() + " on " + s.world() + (s.simulated() ? " (SIMULATED)" : ""));
        bar = new ProgressBarBuilder()
                .setTaskName("spent $")
                .setInitialMax(Math.round(s.budgetUsd()))
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(out))
                .setUpdateIntervalMillis(250)
                .build();
        ConsoleWarnings.showOn(this::warn);
        update(s);
    }

    @Override
    public void update(SessionSummary s) {
        bar.stepTo(Math.round(s.spentUsd()));
        bar.setExtraMessage(" " + Progress.brief(s));
    }

    @Override
    public void finished(SessionSummary s) {
        update(s);
        bar.close();
        ConsoleWarnings.showOnStderr();
    }
}
