package io.alp.actors.journal;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.pekko.serialization.jackson.JacksonMigration;

/**
 * Serializer migrations (configured under {@code pekko.serialization.jackson.migrations}): a row written with an
 * event's first shape is read as its {@link LegacyEvents} record, which the actors and readers then upcast.
 */
public final class JournalMigrations {

    private JournalMigrations() {
    }

    /** Version 2 of {@code NodeActor.Opened} refers to the world by hash and to the dataset by id. */
    public static final class NodeOpened extends ToLegacyRecord {
        public NodeOpened() {
            super(LegacyEvents.OpenedV1.class);
        }
    }

    /** Version 2 of {@code SessionActor.SessionStarted} refers to the dataset by id. */
    public static final class SessionStarted extends ToLegacyRecord {
        public SessionStarted() {
            super(LegacyEvents.SessionStartedV1.class);
        }
    }

    abstract static class ToLegacyRecord extends JacksonMigration {
        private final Class<?> version1;

        ToLegacyRecord(Class<?> version1) {
            this.version1 = version1;
        }

        @Override
        public int currentVersion() {
            return 2;
        }

        @Override
        public String transformClassName(int fromVersion, String className) {
            return fromVersion < 2 ? version1.getName() : className;
        }

        @Override
        public JsonNode transform(int fromVersion, JsonNode json) {
            return json;
        }
    }
}
