package io.alp.traffic.read;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;

/** The top-level fields of a JSON object with empty containers in place of nested values: enough to tell its shape. */
public final class JsonSkeleton {

    private static final int MAX_FIELDS = 64;

    private JsonSkeleton() {
    }

    /** @param parser positioned on the object's START_OBJECT; left after its last field read */
    public static ObjectNode of(JsonParser parser) throws IOException {
        ObjectNode skeleton = Json.MAPPER.createObjectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME && skeleton.size() < MAX_FIELDS) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (value == JsonToken.START_ARRAY) {
                skeleton.putArray(name);
            } else if (value == JsonToken.START_OBJECT) {
                skeleton.putObject(name);
            } else {
                skeleton.put(name, parser.getText());
            }
            parser.skipChildren();
        }
        return skeleton;
    }
}
