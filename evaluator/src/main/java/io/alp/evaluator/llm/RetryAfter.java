package io.alp.evaluator.llm;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Reads how long a provider asks us to wait: {@code retry-after-ms}, then {@code Retry-After} (seconds or date). */
public final class RetryAfter {

    private RetryAfter() {
    }

    /**
     * @param header the values of a response header by (case-insensitive) name, empty when absent
     * @return the wait asked for, never negative; empty when no header says or none can be read
     */
    public static Optional<Duration> parse(Function<String, List<String>> header, Clock clock) {
        Optional<String> millis = first(header, "retry-after-ms");
        if (millis.isPresent()) {
            try {
                double ms = Double.parseDouble(millis.get().trim());
                if (ms >= 0 && Double.isFinite(ms)) {
                    return Optional.of(Duration.ofNanos((long) (ms * 1_000_000)));
                }
            } catch (NumberFormatException ignored) {
                // fall back to Retry-After
            }
        }
        Optional<String> value = first(header, "retry-after");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String v = value.get().trim();
        try {
            double seconds = Double.parseDouble(v);
            return seconds >= 0 && Double.isFinite(seconds)
                    ? Optional.of(Duration.ofNanos((long) (seconds * 1_000_000_000L))) : Optional.empty();
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(clock.instant(), at.toInstant());
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }

    private static Optional<String> first(Function<String, List<String>> header, String name) {
        List<String> values = header.apply(name);
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(values.get(0)).filter(s -> !s.isBlank());
    }
}
