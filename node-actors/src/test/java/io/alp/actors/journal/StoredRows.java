package io.alp.actors.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.alp.actors.session.SessionActor;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;

import java.io.IOException;
import java.io.InputStream;

/**
 * Journal rows read and written as the journal does, for tests of stored shapes: an actor system's serialization,
 * fixtures of rows captured from earlier builds (JSON under {@code /journal}), and rows written back as CBOR.
 */
final class StoredRows implements AutoCloseable {

    static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());

    private final ActorSystem<Void> system;
    private final Serialization serialization;

    StoredRows(String systemName) {
        system = ActorSystem.create(Behaviors.empty(), systemName);
        serialization = SerializationExtension.get(system.classicSystem());
    }

    /** A stored row (in its JSON form) read under {@code manifest} by the serializer every journaled record uses. */
    Object read(JsonNode row, String manifest) throws IOException {
        Serializer cbor = serialization.serializerFor(SessionActor.SessionStarted.class);
        return serialization.deserialize(CBOR.writeValueAsBytes(row), cbor.identifier(), manifest).get();
    }

    /** The manifest {@code record} is stored under. */
    String manifestOf(Object record) {
        return Serializers.manifestFor(serialization.findSerializerFor(record), record);
    }

    /** {@code record} stored and read back. */
    Object roundTrip(Object record) {
        Serializer serializer = serialization.findSerializerFor(record);
        return serialization.deserialize(serializer.toBinary(record), serializer.identifier(), manifestOf(record))
                .get();
    }

    static JsonNode fixture(String name) throws IOException {
        try (InputStream in = StoredRows.class.getResourceAsStream("/journal/" + name)) {
            return new ObjectMapper().readTree(in);
        }
    }

    @Override
    public void close() {
        system.terminate();
    }
}
