package io.alp.evaluator.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.alp.engine.port.LlmClient.Usage;
import io.alp.evaluator.llm.Protocol;
import org.apache.pekko.util.ByteString;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads token usage out of a server-sent-event stream as its bytes pass by, without holding more than the current
 * line. OpenAI reports usage in a final chunk (when {@code stream_options.include_usage} is on); Anthropic reports the
 * input in {@code message_start} and the running output count in each {@code message_delta}.
 */
final class SseUsageTap {

    private final Protocol protocol;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private Usage usage;
    private String streamError;
    private long bytes;

    SseUsageTap(Protocol protocol) {
        this.protocol = protocol;
    }

    synchronized void feed(ByteString chunk) {
        bytes += chunk.size();
        for (int i = 0; i < chunk.size(); i++) {
            byte b = chunk.apply(i);
            if (b == '\n') {
                onLine();
                line.reset();
            } else {
                line.write(b);
            }
        }
    }

    /** The usage seen so far, null if none. */
    synchronized Usage usage() {
        return usage;
    }

    /** An error event the upstream sent inside the stream, or null. */
    synchronized String streamError() {
        return streamError;
    }

    synchronized long bytes() {
        return bytes;
    }

    private void onLine() {
        String text = line.toString(StandardCharsets.UTF_8);
        if (!text.startsWith("data:")) {
            return;
        }
        String data = text.substring(5).trim();
        if (!data.startsWith("{") || !(data.contains("usage") || data.contains("error"))) {
            return;
        }
        JsonNode event;
        try {
            event = Wire.JSON.readTree(data);
        } catch (Exception e) {
            return;
        }
        JsonNode error = event.get("error");
        if (error != null && error.isObject()) {
            streamError = "error event in stream: " + error.path("type").asText(error.path("code").asText("unknown"));
            return;
        }
        if (protocol == Protocol.OPENAI) {
            JsonNode u = event.get("usage");
            if (u != null && u.isObject()) {
                usage = Wire.openAi(u);
            }
        } else {
            String type = event.path("type").asText();
            if (type.equals("message_start")) {
                JsonNode u = event.path("message").get("usage");
                if (u != null && u.isObject()) {
                    usage = Wire.anthropic(u, usage);
                }
            } else if (type.equals("message_delta")) {
                JsonNode u = event.get("usage");
                if (u != null && u.isObject()) {
                    usage = Wire.anthropic(u, usage);
                }
            }
        }
    }
}
