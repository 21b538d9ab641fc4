package io.alp.traffic.otlp;

import io.alp.traffic.read.ContentText;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Messages flattened into indexed attributes, as OpenLLMetry ({@code gen_ai.prompt.0.role},
 * {@code gen_ai.prompt.0.content}) and OpenInference ({@code llm.input_messages.0.message.content}) write them.
 */
final class IndexedMessages {

    private final TreeMap<Integer, String[]> byIndex = new TreeMap<>();

    /** Records {@code <index>.<field>} where field ends in {@code role} or {@code content}; other fields are ignored. */
    void put(String indexAndField, String value) {
        int dot = indexAndField.indexOf('.');
        if (dot <= 0 || value == null) {
            return;
        }
        int index;
        try {
            index = Integer.parseInt(indexAndField, 0, dot, 10);
        } catch (NumberFormatException e) {
            return;
        }
        String field = indexAndField.substring(dot + 1);
        int slot = field.endsWith("role") ? 0 : field.endsWith("content") ? 1 : -1;
        if (slot >= 0) {
            byIndex.computeIfAbsent(index, i -> new String[2])[slot] = value;
        } else if (field.contains("contents.") && field.endsWith("_content.text")) {
            // OpenInference content blocks: message.contents.N.message_content.text, joined in order
            String[] message = byIndex.computeIfAbsent(index, i -> new String[2]);
            message[1] = message[1] == null ? value : message[1] + "\n" + value;
        }
    }

    boolean isEmpty() {
        return byIndex.isEmpty();
    }

    void clear() {
        byIndex.clear();
    }

    /** The content of the last user message, or of the last non-system message when none has the user role. */
    String lastUserText() {
        String last = null;
        for (Map.Entry<Integer, String[]> e : byIndex.descendingMap().entrySet()) {
            String[] message = e.getValue();
            if (message[1] == null || message[1].isBlank()) {
                continue;
            }
            String role = message[0] == null ? "" : message[0].toLowerCase(Locale.ROOT);
            if (role.equals("user") || role.equals("human")) {
                return ContentText.content(message[1]);
            }
            if (last == null && !role.equals("system")) {
                last = message[1];
            }
        }
        return ContentText.content(last);
    }

    /** The content of the last message that has any. */
    String lastText() {
        for (String[] message : byIndex.descendingMap().values()) {
            if (message[1] != null) {
                return ContentText.content(message[1]);
            }
        }
        return null;
    }
}
