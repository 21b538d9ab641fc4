package io.alp.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alp.actors.runtime.Catalog;
import io.alp.engine.model.Dataset;
import io.alp.engine.model.WorldSpec;
import io.alp.traffic.store.DatasetReport;
import io.alp.traffic.store.DatasetStore;
import io.alp.traffic.store.DatasetStoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;

/**
 * The catalog in the journal's database, so that every node of a cluster resolves what events refer to: world
 * definitions in {@code alp_world} by content hash, datasets in the frozen dataset store ({@link DatasetStore}),
 * where datasets frozen from traffic already are; a session that samples its cases from a simulated world stores
 * them there too. Tables are created with the first write: looking creates nothing.
 */
public final class JdbcCatalog implements Catalog {

    static final String WORLD_TABLE = """
            create table if not exists alp_world (
              hash varchar(64) primary key,
              kind varchar(100) not null,
              name varchar(1000) not null,
              definition text not null,
              settings text not null
            )""";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DUPLICATE_KEY = "23505";

    private final NodeSettings settings;
    private volatile boolean worldTable;
    private volatile DatasetStore datasets;

    public JdbcCatalog(NodeSettings settings) {
        this.settings = settings;
    }

    private DatasetStore datasets() {
        if (datasets == null) {
            datasets = DatasetStore.open(settings.dbUrl(), settings.dbUser(), settings.dbPassword());
        }
        return datasets;
    }

    @Override
    public void putWorld(WorldSpec world) {
        String hash = world.ref().hash();
        try (Connection c = JournalSchema.connect(settings)) {
            if (!worldTable) {
                try (Statement ddl = c.createStatement()) {
                    ddl.execute(WORLD_TABLE);
                }
                worldTable = true;
            }
            insert(c, world, hash);
        } catch (SQLException e) {
            if (!DUPLICATE_KEY.equals(e.getSQLState())) { // another node stored the same world at the same time
                throw new IllegalStateException("could not store world " + world.ref() + " at "
                        + settings.shownDbUrl() + ": " + JournalSchema.reason(e), e);
            }
        }
    }

    private static void insert(Connection c, WorldSpec world, String hash) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into alp_world (hash, kind, name, definition, settings)"
                + " select ?, ?, ?, ?, ? where not exists (select 1 from alp_world where hash = ?)")) {
            s.setString(1, hash);
            s.setString(2, world.kind());
            s.setString(3, world.name() == null ? "" : world.name());
            s.setString(4, world.definition() == null ? "" : world.definition());
            s.setString(5, JSON.writeValueAsString(world.settings()));
            s.setString(6, hash);
            s.executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("world " + world.ref() + ": settings are not JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<WorldSpec> world(String hash) {
        if (!worldTable && !JournalSchema.hasTable(settings, "alp_world")) {
            return Optional.empty();
        }
        try (Connection c = JournalSchema.connect(settings);
             PreparedStatement s = c.prepareStatement("select kind, name, definition, settings from alp_world"
                     + " where hash = ?")) {
            s.setString(1, hash);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Map<String, String> worldSettings = JSON.readValue(rs.getString(4), new TypeReference<>() {
                });
                return Optional.of(new WorldSpec(rs.getString(1), rs.getString(2), rs.getString(3), worldSettings));
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("could not read world " + hash + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void putDataset(Dataset dataset) {
        try {
            datasets().save(dataset, null, "sampled by a session from its world", DatasetReport.none(),
                    Collections.nCopies(dataset.size(), null));
        } catch (DatasetStoreException e) {
            if (datasets().find(dataset.id()).isEmpty()) { // not another node storing the same dataset at once
                throw e;
            }
        }
    }

    @Override
    public Optional<Dataset> dataset(String id) {
        if (datasets == null && !JournalSchema.hasTable(settings, "alp_dataset")) {
            return Optional.empty();
        }
        return datasets().find(id).map(stored -> stored.dataset());
    }
}
