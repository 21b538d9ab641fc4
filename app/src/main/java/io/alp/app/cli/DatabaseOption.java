package io.alp.app.cli;

import io.alp.app.UserError;
import io.alp.cluster.EmbeddedH2Recovery;
import io.alp.cluster.JournalSchema;
import io.alp.cluster.NodeSettings;
import io.alp.cluster.NodeStartException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the sessions and datasets live: {@code --data DIR} (the embedded H2 database, default {@code ./alp-data}),
 * or a shared database with {@code --db-url URL [--db-user U] [--db-password-env VAR]} (PostgreSQL; what a cluster
 * uses, so any machine that reaches it can read every session of the cluster).
 */
public final class DatabaseOption {

    private static final Path DEFAULT_DIR = Path.of("alp-data");

    @Option(names = "--data", paramLabel = "DIR",
            description = "Directory of the embedded database (default: alp-data).")
    Path dataDir;

    @Mixin
    DbUrlOptions db = new DbUrlOptions();

    private boolean recoveryChecked;

    /** Whether a shared database ({@code --db-url}) was given. */
    public boolean shared() {
        check();
        return db.given();
    }

    /**
     * The settings of a single node on this database. For {@code --data}: after checking that the directory
     * exists (or can be made) and is writable.
     */
    public NodeSettings settings() {
        check();
        if (db.given()) {
            return db.settings();
        }
        Path dir = dir();
        try {
            Files.createDirectories(dir);
        } catch (IOException | SecurityException e) {
            throw UserError.badInput("data directory " + dir.toAbsolutePath() + " cannot be created: " + e);
        }
        if (!Files.isDirectory(dir)) {
            throw UserError.badInput("data directory " + dir.toAbsolutePath() + " is not a directory");
        }
        if (!Files.isWritable(dir)) {
            throw UserError.badInput("data directory " + dir.toAbsolutePath() + " is not writable");
        }
        if (!recoveryChecked) {
            // once per command: by a later call this process may have the database open itself
            recoveryChecked = true;
            EmbeddedH2Recovery.rebuildIfLeftOpen(dir).ifPresent(r -> System.err.printf(Locale.ROOT,
                    "alp: the database in %s was left open by a process that was killed; rebuilt it from its %,d "
                            + "committed rows (%.1f MB) in %.1f s; the file as it was left is %s%n",
                    dir.toAbsolutePath(), r.totalRows(), r.bytes() / 1e6, r.took().toMillis() / 1e3, r.previous()));
        }
        return NodeSettings.embedded(dir);
    }

    /** Whether the database holds a session journal (it is not created by looking). */
    public boolean hasJournal() {
        check();
        if (db.given()) {
            NodeSettings settings = db.settings();
            try {
                return JournalSchema.exists(settings);
            } catch (NodeStartException e) {
                throw UserError.badInput(e.getMessage());
            }
        }
        return Files.isRegularFile(dir().resolve("alp.mv.db"));
    }

    /** Whether the database holds frozen datasets (it is not created by looking). */
    public boolean hasDatasets() {
        check();
        if (!db.given()) {
            return hasJournal();
        }
        try {
            return JournalSchema.hasTable(db.settings(), "alp_dataset");
        } catch (NodeStartException e) {
            throw UserError.badInput(e.getMessage());
        }
    }

    /** For reading commands: the database must already hold a journal; otherwise not found (exit 2). */
    public NodeSettings existingSettings() {
        if (!hasJournal()) {
            throw UserError.notFound(db.given()
                    ? "no ALP journal in the database " + db.settings().shownDbUrl()
                    + " (run a session first, or point --db-url at the database and schema that hold one)"
                    : "no ALP data in " + dir().toAbsolutePath()
                    + " (run a session first, or point --data at the directory that holds one)");
        }
        return settings();
    }

    /** The options as they would be typed again, without any secret: for hints such as "alp show ID ...". */
    public String asArguments() {
        if (!db.given()) {
            return dataDir == null ? "" : " --data " + dataDir;
        }
        return " --db-url '" + db.url + "'" + (db.user == null ? "" : " --db-user " + db.user)
                + (db.passwordEnv == null ? "" : " --db-password-env " + db.passwordEnv);
    }

    private Path dir() {
        return dataDir == null ? DEFAULT_DIR : dataDir;
    }

    /** Where this process keeps files beside the database: real agents' source store, recordings. */
    public Path workDir() {
        return dir().toAbsolutePath();
    }

    private void check() {
        if (dataDir != null && db.given()) {
            throw UserError.badInput("give either --data DIR (the embedded database) or --db-url URL (a shared "
                    + "database), not both");
        }
        db.checkConsistent();
    }
}
