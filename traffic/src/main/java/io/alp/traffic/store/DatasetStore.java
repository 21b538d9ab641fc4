package io.alp.traffic.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.alp.traffic.sql.JdbcUrls;
import io.alp.engine.model.Case;
import io.alp.engine.model.Dataset;
import io.alp.engine.traffic.Request;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Frozen datasets in the session database (embedded H2 or PostgreSQL): a header row per dataset and a row per
 * case with its redacted source request. A dataset is written in one transaction, so a failure leaves nothing
 * behind; ids are content-addressed, so freezing the same cases twice stores them once.
 */
public final class DatasetStore {

    private static final String[] SCHEMA = {
            """
            create table if not exists alp_dataset (
              id varchar(64) primary key,
              content_hash varchar(64) not null,
              name varchar(200),
              source text not null,
              policy text not null,
              created_at varchar(40) not null,
              case_count integer not null,
              report text not null
            )""",
            """
            create table if not exists alp_dataset_case (
              dataset_id varchar(64) not null references alp_dataset(id),
              ordinal integer not null,
              case_id varchar(1000) not null,
              trace_id varchar(200),
              input text not null,
              attributes text not null,
              request text,
              primary key (dataset_id, ordinal)
            )"""};

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final String url;
    private final String user;
    private final String password;

    private DatasetStore(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** Connects and creates the tables when they do not exist. */
    public static DatasetStore open(String url, String user, String password) {
        DatasetStore store = new DatasetStore(url, user, password);
        store.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                for (String ddl : SCHEMA) {
                    s.execute(ddl);
                }
            }
            return null;
        }, "create the dataset tables");
        return store;
    }

    /** Whether a new dataset was stored, or the same content was already there under the same id. */
    public record Saved(StoredDataset dataset, boolean created) {
    }

    /**
     * Stores a frozen dataset. {@code requests} is aligned with the dataset's cases; an entry may be null for a
     * case that came from no request (a simulated world's generated case).
     */
    public Saved save(Dataset dataset, String name, String policy, DatasetReport report, List<Request> requests) {
        if (requests.size() != dataset.size()) {
            throw new IllegalArgumentException(requests.size() + " requests for " + dataset.size() + " cases");
        }
        Optional<StoredDataset> existing = find(dataset.id());
        if (existing.isPresent()) {
            return new Saved(existing.get(), false);
        }
        DatasetInfo info = new DatasetInfo(dataset.id(), dataset.contentHash(), name, dataset.source(), policy,
                Instant.now(), dataset.size(), report);
        inTransaction(c -> {
            try (PreparedStatement header = c.prepareStatement("insert into alp_dataset (id, content_hash, name,"
                    + " source, policy, created_at, case_count, report) values (?, ?, ?, ?, ?, ?, ?, ?)")) {
                header.setString(1, info.id());
                header.setString(2, info.contentHash());
                header.setString(3, info.name());
                header.setString(4, info.source());
                header.setString(5, info.policy());
                header.setString(6, info.createdAt().toString());
                header.setInt(7, info.size());
                header.setString(8, json(info.report()));
                header.executeUpdate();
            }
            try (PreparedStatement row = c.prepareStatement("insert into alp_dataset_case (dataset_id, ordinal,"
                    + " case_id, trace_id, input, attributes, request) values (?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < dataset.size(); i++) {
                    Case k = dataset.cases().get(i);
                    Request r = requests.get(i);
                    row.setString(1, info.id());
                    row.setInt(2, i);
                    row.setString(3, k.id());
                    row.setString(4, r == null ? null : r.traceId());
                    row.setString(5, k.input());
                    row.setString(6, json(k.attributes()));
                    row.setString(7, r == null ? null : json(r));
                    row.addBatch();
                }
                row.executeBatch();
            }
            return null;
        }, "store dataset " + info.id());
        List<StoredCase> cases = new ArrayList<>();
        for (int i = 0; i < dataset.size(); i++) {
            cases.add(new StoredCase(i, dataset.cases().get(i), requests.get(i)));
        }
        return new Saved(new StoredDataset(info, cases), true);
    }

    /** Every stored dataset's header, newest first. */
    public List<DatasetInfo> list() {
        return inTransaction(c -> {
            List<DatasetInfo> all = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select id, content_hash, name, source, policy, created_at,"
                         + " case_count, report from alp_dataset order by created_at desc, id")) {
                while (rs.next()) {
                    all.add(info(rs));
                }
            }
            return all;
        }, "list datasets");
    }

    public Optional<StoredDataset> find(String id) {
        return inTransaction(c -> {
            DatasetInfo info;
            try (PreparedStatement s = c.prepareStatement("select id, content_hash, name, source, policy,"
                    + " created_at, case_count, report from alp_dataset where id = ?")) {
                s.setString(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<StoredDataset>empty();
                    }
                    info = info(rs);
                }
            }
            List<StoredCase> cases = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("select ordinal, case_id, input, attributes, request"
                    + " from alp_dataset_case where dataset_id = ? order by ordinal")) {
                s.setString(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        Map<String, String> attributes = JSON.readValue(rs.getString(4), new TypeReference<>() {
                        });
                        String request = rs.getString(5);
                        cases.add(new StoredCase(rs.getInt(1), new Case(rs.getString(2), rs.getString(3), attributes),
                                request == null ? null : JSON.readValue(request, Request.class)));
                    }
                }
            }
            return Optional.of(new StoredDataset(info, cases));
        }, "read dataset " + id);
    }

    private static DatasetInfo info(ResultSet rs) throws SQLException, JsonProcessingException {
        return new DatasetInfo(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                Instant.parse(rs.getString(6)), rs.getInt(7), JSON.readValue(rs.getString(8), DatasetReport.class));
    }

    private static String json(Object value) throws JsonProcessingException {
        return JSON.writeValueAsString(value);
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException, JsonProcessingException;
    }

    private <T> T inTransaction(Work<T> work, String what) {
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | JsonProcessingException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DatasetStoreException("cannot " + what + " in " + JdbcUrls.withoutCredentials(url) + ": "
                    + e.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new DatasetStoreException("cannot " + what + " in " + JdbcUrls.withoutCredentials(url)
                    + ": a stored row is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
