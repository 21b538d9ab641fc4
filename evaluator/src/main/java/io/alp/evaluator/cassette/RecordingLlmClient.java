package io.alp.evaluator.cassette;

import io.alp.engine.port.Failures;
import io.alp.engine.port.LlmCallException;
import io.alp.engine.port.LlmClient;

import java.util.concurrent.CompletionStage;

/** Passes every call to the real client and records the exchange, failures included. */
public final class RecordingLlmClient implements LlmClient {

    private final LlmClient inner;
    private final Cassette cassette;

    public RecordingLlmClient(LlmClient inner, Cassette cassette) {
        this.inner = inner;
        this.cassette = cassette;
    }

    @Override
    public CompletionStage<Response> complete(Request request) {
        return inner.complete(request).whenComplete((response, failure) -> {
            String key = Cassette.key(request);
            if (failure == null) {
                cassette.append(new Cassette.Exchange(key, request.tag(), request, response, null, false));
            } else {
                Throwable cause = Failures.cause(failure);
                boolean retryable = cause instanceof LlmCallException call && call.retryable();
                cassette.append(new Cassette.Exchange(key, request.tag(), request, null,
                        String.valueOf(cause.getMessage()), retryable));
            }
        });
    }
}
