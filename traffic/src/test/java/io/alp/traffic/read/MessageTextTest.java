package io.alp.traffic.read;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class MessageTextTest {

    private static JsonNode json(String text) throws JsonProcessingException {
        return Json.parseWhole(text);
    }

    @Test
    void aStringStaysAsItIs() throws JsonProcessingException {
        assertEquals("  hello\n", MessageText.input(json("\"  hello\\n\"")));
    }

    @Test
    void nothingIsNull() throws JsonProcessingException {
        assertNull(MessageText.input(null));
        assertNull(MessageText.input(json("null")));
    }

    @Test
    void anInputIsTheLastUserMessage() throws JsonProcessingException {
        JsonNode messages = json("[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":\"first\"},{\"role\":\"assistant\",\"content\":\"ok\"},"
                + "{\"role\":\"user\",\"content\":\"second\"},{\"role\":\"tool\",\"content\":\"{}\"}]");

        assertEquals("second", MessageText.input(messages));
        assertEquals("ok", MessageText.output(messages), "an output is the last assistant message");
    }

    @Test
    void contentPartsAreJoinedAndNonTextPartsDropped() throws JsonProcessingException {
        JsonNode messages = json("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is this?\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/y.png\"}},"
                + "{\"type\":\"text\",\"text\":\"Be short.\"}]}]");

        assertEquals("What is this?\nBe short.", MessageText.input(messages));
    }

    @Test
    void singleMessagesMessagesObjectsAndGeminiParts() throws JsonProcessingException {
        assertEquals("Done.", MessageText.output(json("{\"role\":\"assistant\",\"content\":\"Done.\"}")));
        assertEquals("hi", MessageText.input(json("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"temperature\":0}")));
        assertEquals("hola", MessageText.input(json("[{\"role\":\"user\",\"parts\":[{\"text\":\"hola\"}]}]")));
    }

    @Test
    void withoutAMessageOfTheRoleTheLastMessageIsTaken() throws JsonProcessingException {
        assertEquals("be kind", MessageText.input(json("[{\"role\":\"system\",\"content\":\"be kind\"}]")));
    }

    @Test
    void otherJsonIsCompactJson() throws JsonProcessingException {
        assertEquals("{\"query\":\"refunds\",\"k\":3}", MessageText.input(json("{ \"query\" : \"refunds\", \"k\": 3 }")));
        assertEquals("[1,2]", MessageText.input(json("[1, 2]")));
        assertEquals("42", MessageText.input(json("42")));
    }

    @Test
    void aMessageWithoutContentIsKeptAsJson() throws JsonProcessingException {
        assertEquals("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[]}",
                MessageText.output(json("[{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[]}]")));
    }
}
