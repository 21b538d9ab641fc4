package io.alp.traffic.read;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class InstantsTest {

    @Test
    void readsTheUsualIsoForms() {
        Instant noon = Instant.parse("2025-03-01T12:00:00Z");
        assertEquals(noon, Instants.parse("2025-03-01T12:00:00Z"));
        assertEquals(noon, Instants.parse("2025-03-01T14:00:00+02:00"));
        assertEquals(noon, Instants.parse("2025-03-01T12:00:00"), "no offset: UTC");
        assertEquals(noon, Instants.parse("2025-03-01 12:00:00"));
        assertEquals(Instant.parse("2025-03-01T12:00:00.123456Z"), Instants.parse("2025-03-01T12:00:00.123456Z"));
        assertEquals(Instant.parse("2025-03-01T00:00:00Z"), Instants.parse("2025-03-01"));
    }

    @Test
    void refusesOtherText() {
        assertThrows(DateTimeParseException.class, () -> Instants.parse("yesterday"));
        assertThrows(DateTimeParseException.class, () -> Instants.parse("1740830400"));
    }
}
