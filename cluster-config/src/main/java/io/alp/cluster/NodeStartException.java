package io.alp.cluster;

/**
 * A node could not start or join for a reason its operator can fix (database unreachable, port in use, seeds not
 * answering); the message says what, in one line, without credentials.
 */
public final class NodeStartException extends RuntimeException {

    public NodeStartException(String message) {
        super(message);
    }

    public NodeStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
