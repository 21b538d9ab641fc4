package io.alp.engine.llm;

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
        Throwable t = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return t instanceof PaidFailure paid ? paid.costUsd() : 0;
    }
}
