package io.alp.traffic.otlp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Iterator;
import java.util.Locale;

/**
 * The text a human would call the request or the answer, from the shapes message content comes in: a JSON array of
 * messages (OTel GenAI {@code parts}, OpenAI {@code content} strings or blocks), a request or response object
 * holding such an array ({@code messages}, {@code choices}), or plain text. Anything unrecognised is kept as it is.
 */
final class MessageText {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MessageText() {
    }

    /** The text of the last user message, or the raw value when it holds no messages. */
    static String input(String raw) {
        JsonNode node = parse(raw);
        if (node == null) {
            return raw;
        }
        String text = inputOf(node);
        return text == null || text.isBlank() ? raw : text;
    }

    /** The text of the final answer, or the raw value when it holds none (e.g. only tool calls). */
    static String output(String raw) {
        JsonNode node = parse(raw);
        if (node == null) {
            return raw;
        }
        String text = outputOf(node);
        return text == null || text.isBlank() ? raw : text;
    }

    /** The text of one message's content: a string, or a JSON array of content blocks. */
    static String content(String raw) {
        if (raw == null || !raw.stripLeading().startsWith("[")) {
            return raw;
        }
        JsonNode node = parse(raw);
        String text = node == null ? null : blocksText(node);
        return text == null || text.isBlank() ? raw : text;
    }

    private static String inputOf(JsonNode node) {
        if (node.isObject()) {
            JsonNode messages = node.get("messages");
            if (messages != null && messages.isArray()) {
                return inputOf(messages);
            }
            for (String field : new String[] {"input", "query", "question", "prompt"}) {
                JsonNode value = node.get(field);
                if (value != null && (value.isTextual() || value.isArray())) {
                    return value.isTextual() ? value.textValue() : inputOf(value);
                }
            }
            return messageText(node);
        }
        if (node.isArray() && !node.isEmpty()) {
            for (int i = node.size() - 1; i >= 0; i--) {
                if (isUser(node.get(i))) {
                    return messageText(node.get(i));
                }
            }
            return messageText(node.get(node.size() - 1));
        }
        return node.isTextual() ? node.textValue() : null;
    }

    private static String outputOf(JsonNode node) {
        if (node.isObject()) {
            JsonNode choices = node.get("choices");
            if (choices != null && choices.isArray()) {
                return outputOf(choices);
            }
            JsonNode messages = node.get("messages");
            if (messages != null && messages.isArray()) {
                return outputOf(messages);
            }
            JsonNode output = node.get("output");
            if (output != null && (output.isTextual() || output.isArray())) {
                return output.isTextual() ? output.textValue() : outputOf(output);
            }
            return messageText(node);
        }
        if (node.isArray()) {
            for (int i = node.size() - 1; i >= 0; i--) {
                String text = messageText(node.get(i));
                if (text != null && !text.isBlank()) {
                    return text;
                }
            }
            return null;
        }
        return node.isTextual() ? node.textValue() : null;
    }

    private static boolean isUser(JsonNode message) {
        JsonNode role = message.get("role");
        if (role == null || !role.isTextual()) {
            return false;
        }
        String r = role.textValue().toLowerCase(Locale.ROOT);
        return r.equals("user") || r.equals("human");
    }

    /** A message's text: its {@code parts}, {@code content} or {@code text}; a choice's {@code message}. */
    private static String messageText(JsonNode message) {
        if (message == null) {
            return null;
        }
        if (message.isTextual()) {
            return message.textValue();
        }
        if (!message.isObject()) {
            return null;
        }
        JsonNode parts = message.get("parts");
        if (parts != null && parts.isArray()) {
            return blocksText(parts);
        }
        JsonNode content = message.get("content");
        if (content != null) {
            return content.isTextual() ? content.textValue() : content.isArray() ? blocksText(content) : null;
        }
        JsonNode text = message.get("text");
        if (text != null && text.isTextual()) {
            return text.textValue();
        }
        JsonNode inner = message.get("message");
        return inner != null && inner.isObject() ? messageText(inner) : null;
    }

    /**
     * The text blocks of a content array joined by newlines ({@code text}, {@code input_text}, ...); tool calls,
     * images and the like are left out.
     */
    private static String blocksText(JsonNode blocks) {
        StringBuilder out = new StringBuilder();
        for (Iterator<JsonNode> it = blocks.elements(); it.hasNext(); ) {
            JsonNode block = it.next();
            String text = null;
            if (block.isTextual()) {
                text = block.textValue();
            } else if (block.isObject()) {
                JsonNode type = block.get("type");
                if (type == null || !type.isTextual() || type.textValue().endsWith("text")) {
                    JsonNode value = block.has("content") ? block.get("content") : block.get("text");
                    text = value != null && value.isTextual() ? value.textValue() : null;
                }
            }
            if (text != null) {
                if (!out.isEmpty()) {
                    out.append('\n');
                }
                out.append(text);
            }
        }
        return out.toString();
    }

    private static JsonNode parse(String raw) {
        if (raw == null) {
            return null;
        }
        String trimmed = raw.strip();
        if (trimmed.isEmpty() || (trimmed.charAt(0) != '[' && trimmed.charAt(0) != '{')) {
            return null;
        }
        try {
            return JSON.readTree(trimmed);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
