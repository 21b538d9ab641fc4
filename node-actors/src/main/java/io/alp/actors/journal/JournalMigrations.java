package io.alp.actors.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.pekko.serialization.jackson.JacksonMigration;

/**
 * Serializer migrations (configured under {@code pekko.serialization.jackson.migrations}): a row written with an
 * event's first shape is read as its {@link LegacyEvents} record, which the actors and readers then upcast; a field
 * that moved within an event is moved in the row's JSON before it is read.
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

    /**
     * Version 2 of {@code SessionActor.SessionStarted} refers to the dataset by id; version 3 holds the budget in
     * the spec's optimizer config, beside the search config. Rows of versions 1 and 2 have the budget and the search
     * config as fields of the spec ({@code spec.budgetUsd}, {@code spec.search}), which are moved to
     * {@code spec.optimizer}.
     */
    public static final class SessionStarted extends ToLegacyRecord {
        public SessionStarted() {
            super(LegacyEvents.SessionStartedV1.class, 3);
        }

        @Override
        public JsonNode transform(int fromVersion, JsonNode json) {
            if (fromVersion < 3 && json.get("spec") instanceof ObjectNode spec && !spec.has("optimizer")) {
                ObjectNode optimizer = spec.putObject("optimizer");
                optimizer.set("search", spec.remove("search"));
                optimizer.set("budgetUsd", spec.remove("budgetUsd"));
            }
            return json;
        }
    }

    abstract static class ToLegacyRecord extends JacksonMigration {
        private final Class<?> version1;
        private final int currentVersion;

        ToLegacyRecord(Class<?> version1) {
            this(version1, 2);
        }

        ToLegacyRecord(Class<?> version1, int currentVersion) {
            this.version1 = version1;
            this.currentVersion = currentVersion;
        }

        @Override
        public int currentVersion() {
            return currentVersion;
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
