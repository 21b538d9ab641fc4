package io.alp.evaluator.llm;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Admits calls to one provider within its {@link ProviderLimits}: at most {@code maxConcurrent} in flight, at most
 * {@code requestsPerMinute} starts and {@code tokensPerMinute} tokens in any rolling window. A call that does not
 * fit waits in a first-come queue without holding a thread; it is admitted when a call ends or when the oldest
 * start leaves the window (a timer on the shared scheduler).
 *
 * <p>Tokens are counted twice: an estimate when the call starts, replaced by the real usage when it ends. A single
 * call whose estimate alone exceeds the token limit is admitted once the window is empty, so it cannot wait forever.
 */
public final class ProviderGate {

    private final ProviderLimits limits;
    private final long windowNanos;
    private final ScheduledExecutorService scheduler;

    private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
    private final ArrayDeque<Start> starts = new ArrayDeque<>();
    private int inFlight;
    private boolean wakeScheduled;

    public ProviderGate(ProviderLimits limits, Duration window, ScheduledExecutorService scheduler) {
        this.limits = limits == null ? ProviderLimits.UNLIMITED : limits;
        this.windowNanos = window.toNanos();
        this.scheduler = scheduler;
    }

    /** A place in flight; release it exactly once when the call ends (later releases are ignored). */
    public final class Permit {
        private final Start start;
        private boolean released;

        private Permit(Start start) {
            this.start = start;
        }

        /** @param actualTokens what the call really used (input plus output), or the estimate when unknown */
        public void release(long actualTokens) {
            synchronized (ProviderGate.this) {
                if (released) {
                    return;
                }
                released = true;
                start.tokens = Math.max(0, actualTokens);
                inFlight--;
            }
            pump();
        }
    }

    /** Completes when the call may start; the caller must release the permit when the call ends. */
    public CompletableFuture<Permit> acquire(long estimatedTokens) {
        CompletableFuture<Permit> admitted = new CompletableFuture<>();
        synchronized (this) {
            queue.addLast(new Waiter(Math.max(0, estimatedTokens), admitted));
        }
        pump();
        return admitted;
    }

    private void pump() {
        List<Runnable> admissions = new ArrayList<>();
        synchronized (this) {
            long wakeAt = Long.MIN_VALUE;
            while (!queue.isEmpty()) {
                Waiter next = queue.peekFirst();
                if (next.admitted.isDone()) {
                    queue.pollFirst();
                    continue;
                }
                long now = System.nanoTime();
                prune(now);
                if (limits.maxConcurrent() > 0 && inFlight >= limits.maxConcurrent()) {
                    break;
                }
                if (limits.requestsPerMinute() > 0 && starts.size() >= limits.requestsPerMinute()) {
                    wakeAt = starts.peekFirst().at + windowNanos;
                    break;
                }
                if (limits.tokensPerMinute() > 0 && !starts.isEmpty()
                        && tokensInWindow() + next.tokens > limits.tokensPerMinute()) {
                    wakeAt = starts.peekFirst().at + windowNanos;
                    break;
                }
                queue.pollFirst();
                inFlight++;
                Start start = new Start(now, next.tokens);
                starts.addLast(start);
                Permit permit = new Permit(start);
                admissions.add(() -> {
                    if (!next.admitted.complete(permit)) {
                        permit.release(0);
                    }
                });
            }
            if (wakeAt != Long.MIN_VALUE && !wakeScheduled) {
                wakeScheduled = true;
                long delay = Math.max(1_000_000L, wakeAt - System.nanoTime() + 1_000_000L);
                scheduler.schedule(() -> {
                    synchronized (this) {
                        wakeScheduled = false;
                    }
                    pump();
                }, delay, TimeUnit.NANOSECONDS);
            }
        }
        admissions.forEach(Runnable::run);
    }

    private void prune(long now) {
        while (!starts.isEmpty() && now - starts.peekFirst().at >= windowNanos) {
            starts.pollFirst();
        }
    }

    private long tokensInWindow() {
        long sum = 0;
        for (Start s : starts) {
            sum += s.tokens;
        }
        return sum;
    }

    private record Waiter(long tokens, CompletableFuture<Permit> admitted) {
    }

    private static final class Start {
        final long at;
        long tokens;

        Start(long at, long tokens) {
            this.at = at;
            this.tokens = tokens;
        }
    }
}
