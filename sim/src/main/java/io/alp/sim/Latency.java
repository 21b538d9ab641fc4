package io.alp.sim;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Simulated latency without blocking a thread, so thousands of evaluations can be in flight at once. */
final class Latency {

    private final long millis;

    Latency(long millis) {
        this.millis = millis;
    }

    <T> CompletionStage<T> deliver(T value) {
        if (millis <= 0) {
            return CompletableFuture.completedFuture(value);
        }
        return CompletableFuture.supplyAsync(() -> value,
                CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS));
    }
}
