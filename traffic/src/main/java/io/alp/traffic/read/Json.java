package io.alp.traffic.read;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

/** The readers' JSON mapper, and reading one text that must hold exactly one JSON value. */
public final class Json {

    /** For streaming parsers too, so it must not insist that a value ends its input. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private static final ObjectReader WHOLE = MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    /** The one JSON value of the text: a line holding an object and then more is not JSON. */
    public static JsonNode parseWhole(String text) throws JsonProcessingException {
        return WHOLE.readTree(text);
    }
}
