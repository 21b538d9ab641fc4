package io.alp.evaluator.llm;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RetryAfterTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T10:00:00Z"), ZoneOffset.UTC);

    static Optional<Duration> parse(Map<String, String> headers) {
        return RetryAfter.parse(name -> headers.containsKey(name) ? List.of(headers.get(name)) : List.of(), CLOCK);
    }

    @Test
    void readsSecondsDatesAndMilliseconds() {
        assertEquals(Optional.of(Duration.ofSeconds(7)), parse(Map.of("retry-after", "7")));
        assertEquals(Optional.of(Duration.ofMillis(1500)), parse(Map.of("retry-after", "1.5")));
        assertEquals(Optional.of(Duration.ofSeconds(30)),
                parse(Map.of("retry-after", "Fri, 20 Nov 2026 10:00:30 GMT")));
        assertEquals(Optional.of(Duration.ZERO), parse(Map.of("retry-after", "Fri, 20 Nov 2026 09:00:00 GMT")));
        assertEquals(Optional.of(Duration.ofMillis(250)), parse(Map.of("retry-after-ms", "250", "retry-after", "9")));
        assertEquals(Optional.empty(), parse(Map.of("retry-after", "soon")));
        assertEquals(Optional.empty(), parse(Map.of()));
    }
}
