package io.alp.evaluator.llm;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes an API key from text that may echo it (error bodies, exception messages). A key long enough to be a real
 * secret is removed wherever it appears; a short one (a test or placeholder key such as "x") only where it stands
 * as a whole token, so that words which merely contain its letters stay readable.
 */
public final class KeyRedaction {

    public static final String MARK = "[redacted]";
    /** Below this length a key is matched as a whole token only. */
    static final int ANYWHERE_FROM = 16;
    private static final String TOKEN_CHAR = "[A-Za-z0-9_\\-]";

    private final String key;
    private final Pattern pattern;

    public KeyRedaction(String key) {
        this.key = key == null || key.isEmpty() ? null : key;
        this.pattern = this.key == null ? null : this.key.length() >= ANYWHERE_FROM
                ? Pattern.compile(Pattern.quote(this.key))
                : Pattern.compile("(?<!" + TOKEN_CHAR + ")" + Pattern.quote(this.key) + "(?!" + TOKEN_CHAR + ")");
    }

    /** Whether {@code text} holds the key (as {@link #redact} would find it). */
    public boolean foundIn(String text) {
        return pattern != null && text != null && text.contains(key) && pattern.matcher(text).find();
    }

    public String redact(String text) {
        if (text == null) {
            return "";
        }
        return foundIn(text) ? pattern.matcher(text).replaceAll(Matcher.quoteReplacement(MARK)) : text;
    }
}
