package io.alp.evaluator.llm;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyRedactionTest {

    @Test
    void aShortKeyIsRemovedOnlyWhereItStandsAlone() {
        KeyRedaction x = new KeyRedaction("x");
        assertEquals("OpenAIIOException: connection refused", x.redact("OpenAIIOException: connection refused"));
        assertEquals("Bearer [redacted], key=[redacted]&y", x.redact("Bearer x, key=x&y"));
        assertEquals("\"api_key\": \"[redacted]\"", x.redact("\"api_key\": \"x\""));
        assertFalse(x.foundIn("max-age=0, x-request-id"));
        assertTrue(x.foundIn("Bearer x"));
    }

    @Test
    void aRealLengthKeyIsRemovedWhereverItAppears() {
        String key = "sk-proj-abcdefghijklmnop0123";
        KeyRedaction r = new KeyRedaction(key);
        assertEquals("prefix[redacted]suffix and [redacted]", r.redact("prefix" + key + "suffix and " + key));
        assertTrue(r.foundIn("glued" + key));
    }

    @Test
    void noKeyChangesNothing() {
        assertEquals("text", new KeyRedaction(null).redact("text"));
        assertEquals("text", new KeyRedaction("").redact("text"));
        assertEquals("", new KeyRedaction("k").redact(null));
        assertFalse(new KeyRedaction(null).foundIn("anything"));
    }

    @Test
    void regexCharactersInAKeyAreTakenLiterally() {
        assertEquals("a [redacted] b", new KeyRedaction("k.+*").redact("a k.+* b"));
        assertEquals("a kXYZ b", new KeyRedaction("k.+*").redact("a kXYZ b"));
    }
}
