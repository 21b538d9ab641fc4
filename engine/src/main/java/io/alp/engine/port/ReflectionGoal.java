package io.alp.engine.port;

/** What the edits a reflection proposes should serve. */
public enum ReflectionGoal {
    /** The frontier as a whole: fix the causes of failures, or cut cost without losing quality. */
    FRONTIER,
    /**
     * Its top: make the most accurate version found so far pass more cases, even at a higher cost. A cost cut there
     * rarely lifts the best pass-rate, and the top is where edits are scarcest.
     */
    TOP,
    /**
     * Its cheap end: make the cheapest version found so far cheaper, losing as few cases as possible. Extending the
     * frontier toward lower cost takes several cost cuts in a row (a cheaper model per category, a leaner memory
     * policy or scaffold), and a fix proposed beside each rarely moves the cheapest point.
     */
    CHEAP
}
