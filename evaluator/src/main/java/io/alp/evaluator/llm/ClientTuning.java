package io.alp.evaluator.llm;

import java.time.Duration;
import java.util.Objects;

/**
 * How a provider client waits: the backoff between attempts when the provider gives no hint, the longest single
 * wait a {@code Retry-After} header may impose, and the window over which per-minute limits are counted.
 * Production uses {@link #DEFAULT}; tests shrink the durations.
 *
 * @param backoffBase   the wait before the first retry; doubled on each further retry, with jitter
 * @param backoffMax    the longest computed backoff
 * @param retryAfterCap the longest wait a {@code Retry-After} or {@code retry-after-ms} header may impose
 * @param rateWindow    the rolling window of {@link ProviderLimits#requestsPerMinute()} and
 *                      {@link ProviderLimits#tokensPerMinute()} (one minute outside tests)
 */
public record ClientTuning(Duration backoffBase, Duration backoffMax, Duration retryAfterCap, Duration rateWindow) {

    public static final ClientTuning DEFAULT = new ClientTuning(Duration.ofMillis(500), Duration.ofSeconds(30),
            Duration.ofSeconds(60), Duration.ofMinutes(1));

    public ClientTuning {
        Objects.requireNonNull(backoffBase, "backoffBase");
        Objects.requireNonNull(backoffMax, "backoffMax");
        Objects.requireNonNull(retryAfterCap, "retryAfterCap");
        Objects.requireNonNull(rateWindow, "rateWindow");
        if (rateWindow.isZero() || rateWindow.isNegative()) {
            throw new IllegalArgumentException("rateWindow must be positive");
        }
    }

    public ClientTuning withRateWindow(Duration window) {
        return new ClientTuning(backoffBase, backoffMax, retryAfterCap, window);
    }
}
