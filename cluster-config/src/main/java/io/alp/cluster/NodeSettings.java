package io.alp.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a node keeps its journal and how it joins its cluster. {@link #embedded(Path)} is the laptop default:
 * H2 in a data directory, a single node that joins itself.
 */
public record NodeSettings(String dbUrl, String dbUser, String dbPassword, String host, int port,
                           List<String> seeds, Map<String, Object> overrides) {

    public NodeSettings {
        seeds = List.copyOf(seeds);
        overrides = Map.copyOf(overrides);
    }

    /**
     * H2 in {@code dataDir}. WRITE_DELAY=0 makes every commit durable at once: with H2's default delay, events a
     * process committed could vanish when it was killed with SIGKILL, and would then be evaluated and paid again.
     */
    public static NodeSettings embedded(Path dataDir) {
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve("alp")
                + ";AUTO_SERVER=TRUE;DATABASE_TO_UPPER=false;WRITE_DELAY=0";
        return new NodeSettings(url, "sa", "", "127.0.0.1", 0, List.of(), Map.of());
    }

    public NodeSettings with(String key, Object value) {
        Map<String, Object> more = new HashMap<>(overrides);
        more.put(key, value);
        return new NodeSettings(dbUrl, dbUser, dbPassword, host, port, seeds, more);
    }

    public boolean postgres() {
        return dbUrl.startsWith("jdbc:postgresql:");
    }

    /** The node's full configuration: overrides first, then alp-node.conf, then every library's reference. */
    public Config config() {
        Map<String, Object> values = new HashMap<>(overrides);
        values.put("alp.db.url", dbUrl);
        values.put("alp.db.user", dbUser);
        values.put("alp.db.password", dbPassword);
        if (postgres()) {
            values.put("alp.db.profile", "slick.jdbc.PostgresProfile$");
            values.put("alp.db.driver", "org.postgresql.Driver");
        }
        values.put("pekko.remote.artery.canonical.hostname", host);
        values.put("pekko.remote.artery.canonical.port", port);
        if (!seeds.isEmpty()) {
            values.put("pekko.cluster.seed-nodes", seeds);
        }
        return ConfigFactory.parseMap(values)
                .withFallback(ConfigFactory.parseResources("alp-node.conf"))
                .withFallback(ConfigFactory.defaultReference())
                .resolve();
    }
}
