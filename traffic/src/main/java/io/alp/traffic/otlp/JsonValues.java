package io.alp.traffic.otlp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alp.traffic.read.JsonSkeleton;

import java.io.IOException;
import java.io.InputStream;

/** Small questions about JSON text, asked with the streaming parser so that nothing large is loaded. */
final class JsonValues {

    private static final JsonFactory JSON = new JsonFactory();

    private JsonValues() {
    }

    /** Whether the bytes hold a whole JSON value, not the start of one that goes on over more lines. */
    static boolean whole(byte[] bytes, int length) {
        try (JsonParser p = JSON.createParser(bytes, 0, length)) {
            p.nextToken();
            p.skipChildren();
            return true;
        } catch (JsonEOFException e) {
            return false;
        } catch (JsonProcessingException e) {
            // a value cut at the line's end (e.g. after a comma: "expected a field name") goes on below
            return !endsAtCut(e, bytes, length); // else broken JSON on one line: the line reader reports it
        } catch (IOException e) {
            return true;
        }
    }

    private static boolean endsAtCut(JsonProcessingException e, byte[] bytes, int length) {
        int end = length;
        while (end > 0 && (bytes[end - 1] == ' ' || bytes[end - 1] == '\t' || bytes[end - 1] == '\r'
                || bytes[end - 1] == '\n')) {
            end--;
        }
        return e.getLocation() != null && e.getLocation().getByteOffset() >= end;
    }

    /**
     * The first object of a stream (the first element when it starts with an array), with empty containers in
     * place of nested values; null when it holds no object.
     */
    static ObjectNode firstObjectSkeleton(InputStream in) {
        try (JsonParser p = JSON.createParser(in)) {
            JsonToken token = p.nextToken();
            if (token == JsonToken.START_ARRAY) {
                token = p.nextToken();
            }
            return token == JsonToken.START_OBJECT ? JsonSkeleton.of(p) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
