package io.alp.app;

/** A problem the user can fix (bad input, unknown id, unwritable directory): printed plainly, with an exit code. */
public final class UserError extends RuntimeException {

    public static final int BAD_INPUT = 1;
    public static final int NOT_FOUND = 2;

    private final int exitCode;

    public UserError(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public static UserError badInput(String message) {
        return new UserError(message, BAD_INPUT);
    }

    public static UserError notFound(String message) {
        return new UserError(message, NOT_FOUND);
    }

    public int exitCode() {
        return exitCode;
    }
}
