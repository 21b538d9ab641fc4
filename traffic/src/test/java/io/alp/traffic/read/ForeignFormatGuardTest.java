package io.alp.traffic.read;

import io.alp.engine.traffic.TrafficFormatException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ForeignFormatGuardTest {

    private final ForeignFormatGuard guard = new ForeignFormatGuard("f.jsonl", "X", "line", "lines");

    @Test
    void refusesWhenTheFirstRecordsAllLookForeign() {
        guard.foreign("OTLP");
        guard.foreign("Langfuse");

        TrafficFormatException e = assertThrows(TrafficFormatException.class, () -> guard.foreign("OTLP"));

        assertEquals("f.jsonl is not X: its first 3 lines look like OTLP", e.getMessage());
    }

    @Test
    void aGoodRecordDisarmsIt() {
        guard.foreign("OTLP");
        guard.accepted();

        assertDoesNotThrow(() -> {
            for (int i = 0; i < 10; i++) {
                guard.foreign("OTLP");
            }
            guard.finish();
        });
    }

    @Test
    void anOrdinaryBadRecordFirstDisarmsIt() {
        guard.otherFailure();
        guard.foreign("OTLP");
        guard.foreign("OTLP");
        guard.foreign("OTLP");

        assertDoesNotThrow(guard::finish);
    }

    @Test
    void refusesAtTheEndAFileOfFewerForeignRecords() {
        guard.foreign("OTLP");
        guard.foreign("OTLP");

        TrafficFormatException e = assertThrows(TrafficFormatException.class, guard::finish);

        assertEquals("f.jsonl is not X: all its 2 lines look like OTLP", e.getMessage());
    }

    @Test
    void anEmptyFileIsNotRefused() {
        assertDoesNotThrow(guard::finish);
    }
}
