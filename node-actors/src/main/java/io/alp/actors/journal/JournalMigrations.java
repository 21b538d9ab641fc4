package io.alp.actors.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.alp.actors.node.NodeEvent;
import io.alp.actors.node.NodeSnapshot;
import org.apache.pekko.serialization.jackson.JacksonMigration;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Serializer migrations (configured under {@code pekko.serialization.jackson.migrations}): a row written with an
 * event's first shape is read as its {@link LegacyEvents} record, which the actors and readers then upcast; a field
 * that moved within an event is moved in the row's JSON before it is read; a row written under a class's old name is
 * read as the class it is now.
 */
public final class JournalMigrations {

    private JournalMigrations() {
    }

    /**
     * Rows under {@code NodeActor$Opened}, the name {@link NodeEvent.Opened} had: version 1 embedded the world and the
     * cases, version 2 has the current shape. Rows under the new name are written with no version.
     */
    public static final class NodeOpened extends JacksonMigration {
        @Override
        public int currentVersion() {
            return 3;
        }

        @Override
        public String transformClassName(int fromVersion, String className) {
            return (fromVersion < 2 ? LegacyEvents.OpenedV1.class : NodeEvent.Opened.class).getName();
        }

        @Override
        public JsonNode transform(int fromVersion, JsonNode json) {
            return json;
        }
    }

    /**
     * Rows under the names a node's other events and its snapshots had while they were nested in {@code NodeActor}
     * ({@code NodeActor$CaseRecorded}, {@code NodeActor$NodeState}...), read as the {@link NodeEvent} and
     * {@link NodeSnapshot} records of the same shape.
     */
    public static final class MovedFromNodeActor extends JacksonMigration {
        private static final String OLD_PREFIX = "io.alp.actors.node.NodeActor$";
        private static final Map<String, String> MOVED = Stream.of(NodeEvent.SourceMaterialized.class,
                        NodeEvent.EditFailed.class, NodeEvent.EvaluationGranted.class, NodeEvent.EvaluationDenied.class,
                        NodeEvent.CaseRecorded.class, NodeEvent.CasesRecorded.class, NodeEvent.StageAdvanced.class,
                        NodeEvent.Rejected.class, NodeEvent.Scored.class, NodeEvent.Pruned.class,
                        NodeSnapshot.Blank.class, NodeSnapshot.NodeState.class)
                .collect(Collectors.toMap(c -> OLD_PREFIX + c.getSimpleName(), Class::getName));

        @Override
        public int currentVersion() {
            return 2;
        }

        @Override
        public String transformClassName(int fromVersion, String className) {
            String moved = MOVED.get(className);
            if (moved == null) {
                throw new IllegalArgumentException("pekko.serialization.jackson.migrations names " + className
                        + " for " + getClass().getName() + ", which knows only " + MOVED.keySet());
            }
            return moved;
        }

        @Override
        public JsonNode transform(int fromVersion, JsonNode json) {
            return json;
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
