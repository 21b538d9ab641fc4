package io.alp.app.cli;

import io.alp.app.UserError;
import io.alp.cluster.NodeSettings;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code --data DIR}: where the embedded H2 journal lives. */
public final class DataDirOption {

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "alp-data",
            description = "Directory of the embedded database (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    /** The node settings for this directory, after checking that it exists (or can be made) and is writable. */
    public NodeSettings settings() {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException | SecurityException e) {
            throw UserError.badInput("data directory " + dataDir.toAbsolutePath() + " cannot be created: " + e);
        }
        if (!Files.isDirectory(dataDir)) {
            throw UserError.badInput("data directory " + dataDir.toAbsolutePath() + " is not a directory");
        }
        if (!Files.isWritable(dataDir)) {
            throw UserError.badInput("data directory " + dataDir.toAbsolutePath() + " is not writable");
        }
        return NodeSettings.embedded(dataDir);
    }

    public boolean hasJournal() {
        return Files.isRegularFile(dataDir.resolve("alp.mv.db"));
    }

    /** For reading commands: the directory must already hold a journal. */
    public NodeSettings existingSettings() {
        if (!hasJournal()) {
            throw UserError.notFound("no ALP data in " + dataDir.toAbsolutePath()
                    + " (run a session first, or point --data at the directory that holds one)");
        }
        return settings();
    }
}
