package io.alp.evaluator.gateway;

import org.apache.pekko.http.javadsl.model.HttpResponse;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Small helpers for the gateway's asynchronous answers. */
final class Futures {

    private Futures() {
    }

    static CompletionStage<HttpResponse> done(HttpResponse response) {
        return CompletableFuture.completedFuture(response);
    }

}
