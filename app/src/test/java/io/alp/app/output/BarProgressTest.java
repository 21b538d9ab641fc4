package io.alp.app.output;

import io.alp.actors.ConsoleWarnings;
import io.alp.engine.report.SessionSummary;
import io.alp.engine.search.OptimizerConfig;
import io.alp.engine.search.SearchState;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BarProgressTest {

    @Test
    void aWarningWhileTheBarIsDrawnClearsTheBarsLineFirstAndGoesBackToStderrAfterwards() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        BarProgress bar = new BarProgress(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        SessionSummary s = SessionSummary.of("s1", "test", "toy", true, "d1", 10,
                new SearchState(OptimizerConfig.withBudget(100), 1, 1, 1));
        bar.started(s);
        ConsoleWarnings.warn("bar-test-during", "case c7 could not be evaluated");
        String drawn = out.toString(StandardCharsets.UTF_8);
        assertTrue(drawn.contains(BarProgress.CLEAR_LINE), "the bar's line is erased before the warning: " + drawn);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("alp: warning: case c7 could not be evaluated"),
                err.toString(StandardCharsets.UTF_8));
        bar.finished(s);

        err.reset();
        ConsoleWarnings.warn("bar-test-after", "after the bar");
        assertFalse(err.toString(StandardCharsets.UTF_8).contains("after the bar"), "the bar no longer shows them");
    }
}
