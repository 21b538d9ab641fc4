package io.alp.engine.dataset;

import io.alp.engine.traffic.Request;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.alp.engine.dataset.Requests.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestFilterTest {

    private final Request billing = Requests.request("a", "refund my order", NOW, Map.of("route", "billing"));
    private final Request broken = Requests.erroring("b", "where is my parcel", NOW);

    @Test
    void comparesTextNumbersAndRegexes() {
        assertTrue(RequestFilter.parse("route = 'BILLING'").test(billing));
        assertFalse(RequestFilter.parse("route != billing").test(billing));
        assertTrue(RequestFilter.parse("input_tokens >= 100 and cost_usd < 0.01").test(billing));
        assertFalse(RequestFilter.parse("input_tokens > 100").test(billing));
        assertTrue(RequestFilter.parse("input ~ \"^refund\\s\"").test(billing));
        assertTrue(RequestFilter.parse("model = gpt-4o").test(broken));
    }

    @Test
    void combinesWithAndOrNotAndParentheses() {
        RequestFilter f = RequestFilter.parse("error or (route = billing and not negative_feedback)");
        assertTrue(f.test(billing));
        assertTrue(f.test(broken));
        RequestFilter g = RequestFilter.parse("not error and route = billing");
        assertTrue(g.test(billing));
        assertFalse(g.test(broken));
    }

    @Test
    void aMissingValueSatisfiesOnlyNotEqual() {
        assertFalse(RequestFilter.parse("segment = pro").test(billing));
        assertTrue(RequestFilter.parse("segment != pro").test(billing));
        assertFalse(RequestFilter.parse("cost_usd > 0").test(broken));
        assertFalse(RequestFilter.parse("segment").test(billing));
    }

    @Test
    void badExpressionsNameTheColumn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RequestFilter.parse("route = billing and"));
        assertTrue(e.getMessage().contains("at the end"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RequestFilter.parse("route = 'billing"));
        assertEquals("filter 'route = 'billing' at column 9: unterminated quote", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RequestFilter.parse("input ~ '('"));
        assertTrue(e.getMessage().contains("column 9: bad regular expression"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RequestFilter.parse("(error"));
        assertTrue(e.getMessage().contains("expected ')'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RequestFilter.parse("error route"));
        assertTrue(e.getMessage().contains("column 7: unexpected 'route'"), e.getMessage());
    }
}
