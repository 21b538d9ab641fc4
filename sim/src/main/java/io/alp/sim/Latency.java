package io.alp.sim;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Simulated latency without blocking a thread, so thousands of evaluations can be in flight at once. The values
 * are delivered by a small shared timer pool: {@code CompletableFuture}'s own delayed executor runs each task on
 * the common pool, which on a machine with fewer than three cores means a new thread per task, thousands a
 * second under load.
 */
final class Latency {

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ScheduledExecutorService TIMER = Executors.newScheduledThreadPool(2, task -> {
        Thread t = new Thread(task, "sim-latency-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private final long millis;

    Latency(long millis) {
        this.millis = millis;
    }

    <T> CompletionStage<T> deliver(T value) {
        if (millis <= 0) {
            return CompletableFuture.completedFuture(value);
        }
        CompletableFuture<T> delivered = new CompletableFuture<>();
        TIMER.schedule(() -> delivered.complete(value), millis, TimeUnit.MILLISECONDS);
        return delivered;
    }
}
