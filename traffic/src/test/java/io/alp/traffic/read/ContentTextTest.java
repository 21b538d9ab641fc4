package io.alp.traffic.read;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ContentTextTest {

    @Test
    void theInputIsTheLastUserMessagesText() {
        String messages = "[{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":\"Be brief.\"}]},"
                + "{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"first question\"}]},"
                + "{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"an answer\"}]},"
                + "{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"follow-up\"},"
                + "{\"type\":\"text\",\"content\":\"with a second part\"}]},"
                + "{\"role\":\"tool\",\"parts\":[{\"type\":\"tool_call_response\",\"response\":\"42\"}]}]";
        assertEquals("follow-up\nwith a second part", ContentText.input(messages));
    }

    @Test
    void openAiShapedRequestsAndContentBlocksAreUnderstood() {
        assertEquals("hello", ContentText.input("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"hello\"},{\"type\":\"image_url\",\"image_url\":{}}]}]}"));
        assertEquals("the answer", ContentText.output("{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"the answer\"}}]}"));
        assertEquals("from responses api", ContentText.input("[{\"role\":\"user\",\"content\":[{\"type\":"
                + "\"input_text\",\"text\":\"from responses api\"}]}]"));
    }

    @Test
    void requestAndResponseObjectsWithAPlainFieldGiveThatField() {
        assertEquals("why is the sky blue?", ContentText.input("{\"question\":\"why is the sky blue?\",\"k\":3}"));
        assertEquals("done", ContentText.output("{\"output\":\"done\",\"steps\":[{\"text\":\"x\"}]}"));
        assertEquals("last", ContentText.output("[\"first\",\"last\"]"));
    }

    @Test
    void plainTextAndUnknownJsonAreKeptAsTheyAre() {
        assertEquals("What's the weather?", ContentText.input("What's the weather?"));
        assertEquals("{\"city\": \"Paris\"}", ContentText.input("{\"city\": \"Paris\"}"));
        assertEquals("[not json", ContentText.input("[not json"));
    }

    @Test
    void anAnswerMadeOnlyOfToolCallsIsKeptAsItsJson() {
        String toolCall = "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\",\"id\":\"c1\","
                + "\"name\":\"lookup\",\"arguments\":{\"id\":\"7\"}}],\"finish_reason\":\"tool_call\"}]";
        assertEquals(toolCall, ContentText.output(toolCall));
    }
}
