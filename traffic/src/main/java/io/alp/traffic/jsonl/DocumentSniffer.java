package io.alp.traffic.jsonl;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.alp.traffic.read.Json;
import io.alp.traffic.read.JsonSkeleton;
import io.alp.traffic.read.Shape;
import io.alp.traffic.read.TextFiles;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Says what a file that holds one JSON document spread over many lines is, from the top-level field names of the
 * document (or of its first element), read with a streaming parser so a large document is not loaded.
 */
final class DocumentSniffer {

    private DocumentSniffer() {
    }

    /** E.g. {@code a JSON array whose first element is a Langfuse trace}; a plainer phrase when unsure. */
    static String describe(Path file) {
        JsonToken first = null;
        try (BufferedReader in = TextFiles.open(file); JsonParser parser = Json.MAPPER.createParser(in)) {
            first = parser.nextToken();
            if (first == JsonToken.START_ARRAY) {
                Shape element = parser.nextToken() == JsonToken.START_OBJECT ? Shape.of(JsonSkeleton.of(parser)) : null;
                return element == null ? "a JSON array" : "a JSON array whose first element is " + element;
            }
            if (first == JsonToken.START_OBJECT) {
                Shape shape = Shape.of(JsonSkeleton.of(parser));
                return shape == null ? "one JSON object over several lines" : shape.description();
            }
        } catch (IOException | RuntimeException e) {
            // a broken document: say what it started as
        }
        return first == JsonToken.START_ARRAY ? "a JSON array" : "a JSON document over several lines";
    }
}
