package io.alp.engine.llm;

/** A model answered twice (once after being told what was wrong) with something that is not the JSON asked for. */
public class MalformedReplyException extends RuntimeException {

    private final double costUsd;

    public MalformedReplyException(String message, double costUsd) {
        super(message);
        this.costUsd = costUsd;
    }

    /** What the malformed replies cost: spent, so still charged. */
    public double costUsd() {
        return costUsd;
    }
}
