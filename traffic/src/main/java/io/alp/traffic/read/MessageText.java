package io.alp.traffic.read;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The text of a logged input or output, which may be a string, a chat message, a list of messages or any JSON.
 * A string stays as it is; messages give the text of one message (for an input the last user message, for an
 * output the last assistant message, else the last one); any other JSON is kept as compact JSON.
 */
public final class MessageText {

    private static final Set<String> USER_ROLES = Set.of("user", "human");
    private static final Set<String> ASSISTANT_ROLES = Set.of("assistant", "ai", "model");

    private MessageText() {
    }

    /** The text of an input; null when there is none or it is JSON holding no text (e.g. empty arguments). */
    public static String inputText(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode() ? null
                : ContentText.inputText(value.isTextual() ? value.asText() : value.toString());
    }

    /** The text of an output; null when there is none or it is JSON holding no text (e.g. only tool calls). */
    public static String outputText(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode() ? null
                : ContentText.outputText(value.isTextual() ? value.asText() : value.toString());
    }

    /** The text of an input, or null when there is none. */
    public static String input(JsonNode value) {
        return text(value, USER_ROLES);
    }

    /** The text of an output, or null when there is none. */
    public static String output(JsonNode value) {
        return text(value, ASSISTANT_ROLES);
    }

    private static String text(JsonNode value, Set<String> preferredRoles) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isArray()) {
            return isMessages(value) ? pick(value, preferredRoles) : value.toString();
        }
        if (value.isObject()) {
            if (isMessage(value)) {
                return messageText(value);
            }
            JsonNode messages = value.get("messages");
            if (messages != null && isMessages(messages)) {
                return pick(messages, preferredRoles);
            }
            return value.toString();
        }
        return value.asText();
    }

    private static boolean isMessages(JsonNode array) {
        if (!array.isArray() || array.isEmpty()) {
            return false;
        }
        for (JsonNode element : array) {
            if (!isMessage(element)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isMessage(JsonNode node) {
        return node.isObject() && node.path("role").isTextual()
                && (node.has("content") || node.has("parts"));
    }

    private static String pick(JsonNode messages, Set<String> preferredRoles) {
        JsonNode chosen = messages.get(messages.size() - 1);
        for (int i = messages.size() - 1; i >= 0; i--) {
            String role = messages.get(i).path("role").asText().toLowerCase(Locale.ROOT);
            if (preferredRoles.contains(role)) {
                chosen = messages.get(i);
                break;
            }
        }
        return messageText(chosen);
    }

    private static String messageText(JsonNode message) {
        JsonNode content = message.has("content") ? message.get("content") : message.get("parts");
        if (content == null || content.isNull()) {
            return message.toString();
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            List<String> texts = new ArrayList<>();
            for (JsonNode part : content) {
                if (part.isTextual()) {
                    texts.add(part.asText());
                } else if (part.path("text").isTextual()) {
                    texts.add(part.get("text").asText());
                }
            }
            return texts.isEmpty() ? content.toString() : String.join("\n", texts);
        }
        if (content.path("text").isTextual()) {
            return content.get("text").asText();
        }
        return content.toString();
    }
}
