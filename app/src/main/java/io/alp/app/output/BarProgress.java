package io.alp.app.output;

import io.alp.engine.report.SessionSummary;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;

/** Dollars spent of the budget as a progress bar, with the tree and frontier in its message. */
final class BarProgress implements Progress {

    private final PrintStream out;
    private ProgressBar bar;

    BarProgress(PrintStream out) {
        this.out = out;
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
    }
}
