package io.alp.engine.port;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** What actually went wrong in a port's failed completion stage, inside the wrappers the futures add. */
public final class Failures {

    private Failures() {
    }

    public static Throwable cause(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
