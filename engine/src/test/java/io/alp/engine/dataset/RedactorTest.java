package io.alp.engine.dataset;

import io.alp.engine.traffic.Feedback;
import io.alp.engine.traffic.Request;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedactorTest {

    private final Redactor redactor = new Redactor(List.of(Redactor.builtIn("email"), Redactor.builtIn("phone"),
            Redactor.builtIn("credit_card"), Redactor.builtIn("api_key"),
            new Redactor.Rule("order", Pattern.compile("ORD-\\d+"), "ORD-<n>")));

    @Test
    void redactsEveryFreeTextField() {
        Request r = new Request("r1", "abcdef0123", "span1", Requests.NOW, null,
                "I am jane.doe@example.com, call +1 415-555-0100 about ORD-123",
                "Charged card 4111 1111 1111 1111 with key sk-abcdefghijklmnopqrstuv", List.of("gpt-4o"), 1, 2, null,
                "conv:jane.doe@example.com", false,
                List.of(new Feedback("user", 0.0, null, "mail me at bob@corp.io")), List.of(),
                Map.of("user_email", "jane.doe@example.com"));
        Request out = redactor.apply(r);
        assertEquals("I am [EMAIL], call [PHONE] about ORD-<n>", out.input());
        assertEquals("Charged card [CREDIT_CARD] with key [API_KEY]", out.output());
        assertEquals("conv:[EMAIL]", out.conversationId());
        assertEquals("mail me at [EMAIL]", out.feedback().get(0).comment());
        assertEquals("[EMAIL]", out.attributes().get("user_email"));
        assertEquals("r1", out.id());
        assertEquals("abcdef0123", out.traceId());
        assertFalse(out.toString().contains("jane.doe"));
    }

    @Test
    void leavesOrdinaryTextAlone() {
        assertEquals("version 1.2.3 costs 42 dollars", redactor.apply("version 1.2.3 costs 42 dollars"));
        assertTrue(Redactor.NONE.apply("a@b.co").equals("a@b.co"));
    }

    @Test
    void anUnknownBuiltInIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Redactor.builtIn("ssn"));
        assertTrue(e.getMessage().contains("ssn") && e.getMessage().contains("email"), e.getMessage());
    }
}
