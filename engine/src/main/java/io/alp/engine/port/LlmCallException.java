package io.alp.engine.port;

/**
 * A model call that failed after the client's retries. The message names the provider, the model and what went
 * wrong, and never holds a credential.
 *
 * @param retryable whether trying again later could succeed (rate limits, server errors, timeouts, dropped
 *                  connections), as opposed to a refused request (bad model name, bad key, bad payload)
 */
public class LlmCallException extends RuntimeException {

    private final boolean retryable;

    public LlmCallException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public LlmCallException(String message, boolean retryable) {
        this(message, retryable, null);
    }

    public boolean retryable() {
        return retryable;
    }
}
