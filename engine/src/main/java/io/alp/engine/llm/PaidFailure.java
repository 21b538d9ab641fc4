package io.alp.engine.llm;

import io.alp.engine.port.Failures;

/** A failure that had already cost money (model calls whose answers could not be used): still charged. */
public class PaidFailure extends RuntimeException {

    private final double costUsd;

    public PaidFailure(String message, double costUsd, Throwable cause) {
        super(message, cause);
        this.costUsd = costUsd;
    }

    public double costUsd() {
        return costUsd;
    }

    /** What a failure cost: its own charge when it is a {@link PaidFailure}, else nothing. */
    public static double costOf(Throwable failure) {
        return Failures.cause(failure) instanceof PaidFailure paid ? paid.costUsd() : 0;
    }
}
