package io.alp.traffic.read;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.Locale;

/**
 * The text a human would call the request or the answer, from the shapes message content comes in: a JSON array of
 * messages (OTel GenAI {@code parts}, OpenAI {@code content} strings or blocks), a request or response object
 * holding such an array ({@code messages}, {@code choices}), or plain text. Anything unrecognised is kept as it is.
 * Read with the streaming parser: nearly every LLM span carries content, and a tree per span was a fifth of the
 * reading time.
 */
public final class ContentText {

    private static final JsonFactory JSON = new JsonFactory();
    private static final String[] INPUT_FIELDS = {"input", "query", "question", "prompt"};
    private static final java.util.Set<String> MESSAGE_TYPES = java.util.Set.of("human", "ai", "system", "tool");

    private ContentText() {
    }

    /** The text of the last user message, or the raw value when it holds no messages. */
    public static String input(String raw) {
        String text = extract(raw, true);
        return text == null ? raw : text;
    }

    /** The text of the final answer, or the raw value when it holds none (e.g. only tool calls). */
    public static String output(String raw) {
        String text = extract(raw, false);
        return text == null ? raw : text;
    }

    /** The text of the last user message; null when the value is JSON holding no text (e.g. empty arguments). */
    public static String inputText(String raw) {
        return extract(raw, true);
    }

    /** The text of the final answer; null when the value is JSON holding no text (e.g. only tool calls). */
    public static String outputText(String raw) {
        return extract(raw, false);
    }

    /** The text of one message's content: a string, or a JSON array of content blocks. */
    public static String content(String raw) {
        if (raw == null || !raw.stripLeading().startsWith("[")) {
            return raw;
        }
        try (JsonParser p = JSON.createParser(raw)) {
            p.nextToken();
            String text = blocks(p);
            return text.isBlank() ? raw : text;
        } catch (IOException e) {
            return raw;
        }
    }

    private static String extract(String raw, boolean input) {
        if (raw == null) {
            return null;
        }
        int first = 0;
        while (first < raw.length() && Character.isWhitespace(raw.charAt(first))) {
            first++;
        }
        if (first == raw.length()) {
            return null;
        }
        char c = raw.charAt(first);
        if (c != '[' && c != '{' && c != '"') {
            return raw;
        }
        try (JsonParser p = JSON.createParser(raw)) {
            JsonToken token = p.nextToken();
            String text = token == JsonToken.START_ARRAY ? messages(p, input)
                    : token == JsonToken.VALUE_STRING ? p.getText() : object(p, input).text;
            if (p.nextToken() != null) {
                return raw; // not one JSON value after all, e.g. a quoted phrase followed by more text
            }
            return text == null || text.isBlank() ? null : text;
        } catch (IOException e) {
            return raw;
        }
    }

    /**
     * A message array: for input the last user message's text, else the last message's; for output the last
     * message with any text.
     */
    private static String messages(JsonParser p, boolean input) throws IOException {
        String lastUser = null;
        String lastWithText = null;
        String lastAssistant = null;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            Message message = p.currentToken() == JsonToken.START_OBJECT ? object(p, input)
                    : new Message(null, scalarText(p));
            boolean hasText = message.text != null && !message.text.isBlank();
            if (hasText && message.user()) {
                lastUser = message.text; // a user message without text is a tool result, not the user's turn
            }
            if (hasText && message.assistant()) {
                lastAssistant = message.text;
            }
            if (hasText && !message.system()) {
                lastWithText = message.text;
            }
        }
        if (input) {
            return lastUser != null ? lastUser : lastWithText;
        }
        return lastAssistant != null ? lastAssistant : lastWithText;
    }

    private record Message(String role, String text) {
        boolean user() {
            if (role == null) {
                return false;
            }
            String r = role.toLowerCase(Locale.ROOT);
            return r.equals("user") || r.equals("human");
        }

        boolean system() {
            return role != null && (role.equalsIgnoreCase("system") || role.equalsIgnoreCase("developer"));
        }

        boolean assistant() {
            return role != null && (role.equalsIgnoreCase("assistant") || role.equalsIgnoreCase("ai")
                    || role.equalsIgnoreCase("model"));
        }
    }

    /**
     * An object that is either a whole request or response ({@code messages}, {@code choices}, {@code input},
     * ...) or one message ({@code parts}, {@code content}, {@code text}, or a choice's {@code message}); the
     * former wins when both appear.
     */
    private static Message object(JsonParser p, boolean input) throws IOException {
        String role = null;
        String messages = null;
        boolean hasMessages = false;
        String choices = null;
        boolean hasChoices = false;
        String output = null;
        String[] inputFields = new String[INPUT_FIELDS.length];
        String parts = null;
        String content = null;
        String text = null;
        String inner = null;
        String outputText = null;
        String arguments = null;
        String typeRole = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken token = p.nextToken();
            boolean array = token == JsonToken.START_ARRAY;
            boolean string = token == JsonToken.VALUE_STRING;
            int inputField = input ? indexOf(field) : -1;
            if (field.equals("role")) {
                role = scalarText(p);
            } else if (field.equals("type") && string && MESSAGE_TYPES.contains(p.getText())) {
                typeRole = p.getText(); // LangChain messages: {"type": "human", "content": ...}
            } else if ((field.equals("messages") || field.equals("contents")) && array) {
                hasMessages = true;
                messages = messages(p, input);
            } else if (field.equals("output_text") && string && !input) {
                outputText = p.getText();
            } else if ((field.equals("args") && array) || (field.equals("kwargs") && token == JsonToken.START_OBJECT)) {
                String found = array ? messages(p, input) : object(p, input).text;
                arguments = arguments != null ? arguments : found;
            } else if ((field.equals("choices") || field.equals("candidates")) && array && !input) {
                hasChoices = true;
                choices = messages(p, false);
            } else if (field.equals("output") && !input && (string || array)) {
                output = string ? p.getText() : messages(p, false);
            } else if (inputField >= 0 && (string || array)) {
                inputFields[inputField] = string ? p.getText() : messages(p, true);
            } else if (field.equals("parts") && array) {
                parts = blocks(p);
            } else if (field.equals("content") && (string || array)) {
                content = string ? p.getText() : blocks(p);
            } else if (field.equals("content") && token == JsonToken.START_OBJECT) {
                content = object(p, input).text;
            } else if (field.equals("text") && string) {
                text = p.getText();
            } else if (field.equals("message") && token == JsonToken.START_OBJECT) {
                inner = object(p, input).text;
            } else {
                p.skipChildren();
            }
        }
        String found = outputText != null ? outputText : hasChoices ? choices : hasMessages ? messages : output;
        for (int i = 0; found == null && !hasMessages && i < inputFields.length; i++) {
            found = inputFields[i];
        }
        if (found == null && !hasChoices && !hasMessages) {
            found = parts != null ? parts : content != null ? content : text != null ? text : inner;
        }
        if (found == null || found.isBlank()) {
            found = arguments;
        }
        return new Message(role != null ? role : typeRole, found);
    }

    /**
     * The text blocks of a content array joined by newlines ({@code text}, {@code input_text}, ...); tool calls,
     * images and the like are left out.
     */
    private static String blocks(JsonParser p) throws IOException {
        StringBuilder out = new StringBuilder();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            String text = null;
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                text = p.getText();
            } else if (p.currentToken() == JsonToken.START_OBJECT) {
                String type = null;
                String content = null;
                boolean hasContent = false;
                String plain = null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken token = p.nextToken();
                    boolean string = token == JsonToken.VALUE_STRING;
                    switch (field) {
                        case "type" -> type = string ? p.getText() : skip(p);
                        case "content" -> {
                            hasContent = true;
                            content = string ? p.getText() : skip(p);
                        }
                        case "text" -> plain = string ? p.getText() : skip(p);
                        default -> p.skipChildren();
                    }
                }
                if (type == null || type.endsWith("text")) {
                    text = hasContent ? content : plain;
                }
            } else {
                p.skipChildren();
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

    private static int indexOf(String field) {
        for (int i = 0; i < INPUT_FIELDS.length; i++) {
            if (INPUT_FIELDS[i].equals(field)) {
                return i;
            }
        }
        return -1;
    }

    private static String scalarText(JsonParser p) throws IOException {
        if (p.currentToken().isScalarValue() && p.currentToken() != JsonToken.VALUE_NULL) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    private static String skip(JsonParser p) throws IOException {
        p.skipChildren();
        return null;
    }
}
