package io.alp.app.cli;

import io.alp.app.UserError;
import io.alp.cluster.NodeSettings;
import picocli.CommandLine.Option;

import java.util.List;

/**
 * {@code --seeds HOST:PORT[,...] [--host HOST]}: work on a running cluster instead of an embedded node. This
 * process joins the cluster as a client (no roles: it hosts no session and runs no evaluations), reaches the
 * sessions through the cluster, and leaves it when the command ends.
 */
public final class ClusterOption {

    @Option(names = "--seeds", paramLabel = "HOST:PORT[,HOST:PORT...]",
            description = "Seed nodes of a running cluster (as the nodes were given them); needs --db-url.")
    String seeds;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "With --seeds: the address the cluster's nodes reach this process on "
                    + "(default: ${DEFAULT-VALUE}).")
    String host;

    public boolean given() {
        return seeds != null;
    }

    /** Where the command's node runs: a client of the cluster with --seeds, else a node of its own. */
    NodeSettings settings(DatabaseOption database, boolean existing) {
        if (seeds == null) {
            return existing ? database.existingSettings() : database.settings();
        }
        if (!database.shared()) {
            throw UserError.badInput("--seeds needs --db-url: the database the cluster's nodes share");
        }
        List<String> addresses = seedAddresses(seeds);
        return (existing ? database.existingSettings() : database.settings()).client(host.strip(), addresses);
    }

    /** {@code --seeds} as seed node addresses; a malformed one is bad input (exit 2). */
    static List<String> seedAddresses(String seeds) {
        try {
            return NodeSettings.seedAddresses(seeds);
        } catch (IllegalArgumentException e) {
            throw UserError.badInput("--seeds: " + e.getMessage());
        }
    }
}
