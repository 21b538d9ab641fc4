package io.alp.app.output;

/** Fitting text to a terminal line. */
final class Text {

    static final int DEFAULT_WIDTH = 120;
    private static final String SIMULATED_LABEL = "[simulated proposer] ";

    private Text() {
    }

    /** The terminal's width: {@code COLUMNS} when the shell exports it, else {@value #DEFAULT_WIDTH}. */
    static int width() {
        try {
            int columns = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", ""));
            return columns >= 40 ? columns : DEFAULT_WIDTH;
        } catch (NumberFormatException e) {
            return DEFAULT_WIDTH;
        }
    }

    /** {@code s} cut to {@code max} characters, ending in "..." when cut. */
    static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        return max <= 3 ? s.substring(0, Math.max(0, max)) : s.substring(0, max - 3) + "...";
    }

    /** An edit's text without the per-edit simulation label, for output that says SIMULATED once already. */
    static String edit(String description, boolean simulated) {
        return simulated && description.startsWith(SIMULATED_LABEL)
                ? description.substring(SIMULATED_LABEL.length()) : description;
    }
}
