package io.alp.evaluator.proposer;

/** Shaping of free text for model prompts and edit descriptions. */
public final class Texts {

    private Texts() {
    }

    public static String oneLine(String s) {
        return s.strip().replaceAll("\\s+", " ");
    }

    /** At most {@code max} characters of {@code s}, saying how many more were cut. */
    public static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        return s.substring(0, max) + " [... " + (s.length() - max) + " more characters cut]";
    }
}
