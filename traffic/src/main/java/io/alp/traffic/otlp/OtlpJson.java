package io.alp.traffic.otlp;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading the values of OTLP/JSON with Jackson's streaming parser: attribute lists, AnyValues, ids, times, status. */
final class OtlpJson {

    private static final Object ABSENT = new Object();

    private OtlpJson() {
    }

    /** Status code 2, "2" or "STATUS_CODE_ERROR" is an error. */
    static boolean errorStatus(JsonParser p) throws IOException, MalformedLineException {
        if (!object(p, "status")) {
            return false;
        }
        boolean error = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if (field.equals("code")) {
                String code = p.getValueAsString();
                error = code != null && (code.equals("2") || code.equals("STATUS_CODE_ERROR") || code.equals("ERROR"));
            } else {
                p.skipChildren();
            }
        }
        return error;
    }

    interface KeyValueSink {
        void accept(String key, Object value);
    }

    /** An attribute list {@code [{"key": ..., "value": AnyValue}]}; unwanted values are skipped unparsed. */
    static void keyValues(JsonParser p, KeyValueSink sink, java.util.function.Predicate<String> wanted)
            throws IOException, MalformedLineException {
        for (boolean any = array(p, "attributes"); any && p.nextToken() != JsonToken.END_ARRAY; ) {
            if (!object(p, "an attribute")) {
                continue;
            }
            String key = null;
            boolean keyWanted = false;
            Object value = ABSENT;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("key")) {
                    key = text(p);
                    keyWanted = key != null && wanted.test(key);
                } else if (field.equals("value") && (key == null || keyWanted)) {
                    value = anyValue(p); // a value before its key is read in case the key is wanted
                } else {
                    p.skipChildren();
                }
            }
            if (keyWanted && value != ABSENT) {
                sink.accept(key, value);
            }
        }
    }

    /** An OTLP AnyValue as String, Long, Double, Boolean, List or Map; a bare JSON scalar is taken as it is. */
    static Object anyValue(JsonParser p) throws IOException, MalformedLineException {
        JsonToken token = p.currentToken();
        if (token != JsonToken.START_OBJECT) {
            return scalar(p);
        }
        Object value = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "stringValue", "bytesValue" -> value = text(p);
                case "intValue" -> value = integer(p);
                case "doubleValue" -> value = p.currentToken().isNumeric() ? p.getDoubleValue() : doubleText(p);
                case "boolValue" -> value = p.currentToken() == JsonToken.VALUE_TRUE
                        || (p.currentToken() == JsonToken.VALUE_STRING && p.getText().equals("true"));
                case "arrayValue" -> value = arrayValue(p);
                case "kvlistValue" -> value = kvlistValue(p);
                default -> p.skipChildren();
            }
        }
        return value;
    }

    static List<Object> arrayValue(JsonParser p) throws IOException, MalformedLineException {
        if (!object(p, "arrayValue")) {
            return List.of();
        }
        List<Object> values = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if (field.equals("values")) {
                for (boolean any = array(p, "arrayValue.values"); any && p.nextToken() != JsonToken.END_ARRAY; ) {
                    values.add(anyValue(p));
                }
            } else {
                p.skipChildren();
            }
        }
        return values;
    }

    static Map<String, Object> kvlistValue(JsonParser p) throws IOException, MalformedLineException {
        if (!object(p, "kvlistValue")) {
            return Map.of();
        }
        Map<String, Object> values = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if (field.equals("values")) {
                keyValues(p, values::put, key -> true);
            } else {
                p.skipChildren();
            }
        }
        return values;
    }

    static Object scalar(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            default -> {
                p.skipChildren();
                yield null;
            }
        };
    }

    /** A 64-bit integer, written as a string as OTLP/JSON does, or as a number. */
    static Object integer(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
        }
        String text = p.getValueAsString();
        try {
            return text == null ? null : Long.valueOf(text);
        } catch (NumberFormatException e) {
            return text;
        }
    }

    static Object doubleText(JsonParser p) throws IOException {
        String text = p.getValueAsString();
        try {
            return text == null ? null : Double.valueOf(text);
        } catch (NumberFormatException e) {
            return text;
        }
    }

    /** Epoch nanoseconds from a string or a number; -1 when it is neither. */
    static long nanos(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
        }
        if (token == JsonToken.VALUE_STRING) {
            String text = p.getText();
            if (text.isEmpty()) {
                return 0;
            }
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        if (token == JsonToken.VALUE_NULL) {
            return 0;
        }
        p.skipChildren();
        return -1;
    }

    static String text(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_STRING || token.isNumeric()) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    /** Whether an array starts here: false for null, which some writers use for an empty list. */
    static boolean array(JsonParser p, String what) throws MalformedLineException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return false;
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new MalformedLineException(what + " is not an array");
        }
        return true;
    }

    /** Whether an object starts here: false for null. */
    static boolean object(JsonParser p, String what) throws MalformedLineException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return false;
        }
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new MalformedLineException(what + " is not an object");
        }
        return true;
    }
}
