package io.alp.actors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Warnings a user must see while a session runs (a case that could not be evaluated, a proposer or worker that
 * failed), on the console as well as in the log: the logger {@value #LOGGER} is routed to stderr. At most one line
 * per kind every {@link #INTERVAL_MILLIS} ms, so a session where every case fails says so once, with a count, rather
 * than a thousand times.
 */
public final class ConsoleWarnings {

    public static final String LOGGER = "alp.console";
    static final long INTERVAL_MILLIS = 10_000;

    private static final Logger console = LoggerFactory.getLogger(LOGGER);
    /** Where the lines go to the log file only, while {@link #terminal} shows them. */
    private static final Logger logOnly = LoggerFactory.getLogger(ConsoleWarnings.class);
    /** Shows warnings on a terminal that something else draws on (a progress bar), or null: stderr. */
    private static volatile Consumer<String> terminal;
    private static final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    private ConsoleWarnings() {
    }

    /** What was said of a kind lately: when, and how many were held back since. */
    private static final class Window {
        long saidAt;
        int heldBack;
    }

    /** Says {@code message}, unless a warning of the same kind was said within the interval (then it is counted). */
    public static void warn(String kind, String message) {
        Window w = windows.computeIfAbsent(kind, k -> new Window());
        String line;
        synchronized (w) {
            long now = System.currentTimeMillis();
            if (w.saidAt != 0 && now - w.saidAt < INTERVAL_MILLIS) {
                w.heldBack++;
                return;
            }
            line = w.heldBack == 0 ? message : message + " (and " + w.heldBack + " more like it since the last one)";
            w.saidAt = now;
            w.heldBack = 0;
        }
        Consumer<String> shown = terminal;
        if (shown == null) {
            console.warn(line);
        } else {
            logOnly.warn(line);
            shown.accept(line);
        }
    }

    /**
     * Hands the console's warnings to {@code show} (e.g. a progress bar that clears its line first), until
     * {@link #showOnStderr()}; they still go to the log.
     */
    public static void showOn(Consumer<String> show) {
        terminal = show;
    }

    public static void showOnStderr() {
        terminal = null;
    }
}
