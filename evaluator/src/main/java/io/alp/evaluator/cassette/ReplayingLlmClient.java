package io.alp.evaluator.cassette;

import io.alp.engine.port.LlmCallException;
import io.alp.engine.port.LlmClient;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Answers every call from a recording, offline: the recorded response, or the recorded failure. A request the
 * recording never saw fails, naming its tag: the re-run has diverged from the recorded session.
 */
public final class ReplayingLlmClient implements LlmClient {

    private final Cassette cassette;

    public ReplayingLlmClient(Cassette cassette) {
        this.cassette = cassette;
    }

    @Override
    public CompletionStage<Response> complete(Request request) {
        Cassette.Exchange exchange = cassette.next(request);
        if (exchange == null) {
            return CompletableFuture.failedFuture(new LlmCallException("the recording " + cassette.file()
                    + " has no answer for the " + request.model() + " call tagged '" + request.tag()
                    + "' with this content (recorded tags like it: " + cassette.tagsLike(request.tag())
                    + "): the re-run asked something the recorded session did not", false));
        }
        if (exchange.response() == null) {
            return CompletableFuture.failedFuture(new LlmCallException("recorded failure: " + exchange.error(),
                    exchange.retryable()));
        }
        return CompletableFuture.completedFuture(exchange.response());
    }
}
