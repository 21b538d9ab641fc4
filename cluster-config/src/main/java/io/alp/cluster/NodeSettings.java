package io.alp.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.alp.actors.runtime.Roles;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a node keeps its journal and how it joins its cluster.
 *
 * <p>{@link #embedded(Path)} is the laptop default: H2 in a data directory, a single node that joins itself and
 * has both roles. {@link #database} is the same single node on another database (PostgreSQL). A cluster node adds
 * its address, its seeds and its roles with {@link #clusterNode}; a process that only submits or reads sessions
 * joins with no roles ({@link #client}).
 *
 * @param host           the node's canonical host name: other nodes reach it there, and seed addresses must name
 *                       it exactly as given here ({@code 127.0.0.1} is not {@code localhost})
 * @param bindHost       the interface to listen on when it differs from {@code host} (e.g. {@code 0.0.0.0} in a
 *                       container whose host name is a DNS name); null to listen on {@code host}
 * @param port           the canonical remoting port; 0 picks a free one (only for a node nobody names as a seed)
 * @param seeds          seed node addresses, {@code pekko://alp@host:port}; empty: the node joins itself
 * @param roles          the node's cluster roles ({@link Roles}); empty for a client
 * @param managementPort the Pekko Management HTTP port ({@code /alive}, {@code /ready}, {@code /cluster/members});
 *                       0: no management endpoint
 * @param overrides      further configuration, e.g. {@code alp.evaluators.workers}
 */
public record NodeSettings(String dbUrl, String dbUser, String dbPassword, String host, String bindHost, int port,
                           List<String> seeds, List<String> roles, int managementPort, Map<String, Object> overrides) {

    /** The ActorSystem name of every ALP node: members of one cluster must share it, and seed addresses name it. */
    public static final String SYSTEM_NAME = "alp";

    private static final Pattern HOST_PORT = Pattern.compile("^(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._-]+):(\\d{1,5})$");

    public NodeSettings {
        if (dbUrl == null || dbUrl.isBlank()) {
            throw new IllegalArgumentException("a database URL is required");
        }
        dbUser = dbUser == null ? "" : dbUser;
        dbPassword = dbPassword == null ? "" : dbPassword;
        seeds = List.copyOf(seeds);
        roles = List.copyOf(new LinkedHashSet<>(roles));
        for (String role : roles) {
            if (!Roles.ALL.contains(role)) {
                throw new IllegalArgumentException("unknown role '" + role + "' (roles: " + Roles.SESSIONS + ", "
                        + Roles.EVALUATORS + ")");
            }
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (managementPort < 0 || managementPort > 65535) {
            throw new IllegalArgumentException("management port must be 0..65535, got " + managementPort);
        }
        overrides = Map.copyOf(overrides);
    }

    /**
     * H2 in {@code dataDir}. WRITE_DELAY=0 makes every commit durable at once: with H2's default delay, events a
     * process committed could vanish when it was killed with SIGKILL, and would then be evaluated and paid again.
     */
    public static NodeSettings embedded(Path dataDir) {
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve("alp")
                + ";AUTO_SERVER=TRUE;DATABASE_TO_UPPER=false;WRITE_DELAY=0";
        return database(url, "sa", "");
    }

    /** A single node with both roles that joins itself, on the journal at {@code url} (PostgreSQL or H2). */
    public static NodeSettings database(String url, String user, String password) {
        return new NodeSettings(url, user, password, "127.0.0.1", null, 0, List.of(), List.of(Roles.SESSIONS, Roles.EVALUATORS), 0,
                Map.of());
    }

    /** This node as a member of a cluster: its address, its seeds (empty: it is the first node) and its roles. */
    public NodeSettings clusterNode(String host, int port, List<String> seeds, List<String> roles) {
        return new NodeSettings(dbUrl, dbUser, dbPassword, host, bindHost, port, seeds, roles, managementPort,
                overrides);
    }

    /**
     * A process that joins the cluster at {@code seeds} only to reach its sessions (submit, follow, stop): no
     * roles, so it hosts no entity and runs no evaluator pool, on a free port of {@code host}.
     */
    public NodeSettings client(String host, List<String> seeds) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("a client needs at least one seed node");
        }
        return clusterNode(host, 0, seeds, List.of());
    }

    public NodeSettings withBindHost(String bindHost) {
        return new NodeSettings(dbUrl, dbUser, dbPassword, host, bindHost, port, seeds, roles, managementPort,
                overrides);
    }

    public NodeSettings withManagementPort(int managementPort) {
        return new NodeSettings(dbUrl, dbUser, dbPassword, host, bindHost, port, seeds, roles, managementPort,
                overrides);
    }

    public NodeSettings with(String key, Object value) {
        Map<String, Object> more = new HashMap<>(overrides);
        more.put(key, value);
        return new NodeSettings(dbUrl, dbUser, dbPassword, host, bindHost, port, seeds, roles, managementPort, more);
    }

    /**
     * {@code host:port} as a seed node address, {@code pekko://alp@host:port}. An IPv6 host goes in brackets.
     *
     * @throws IllegalArgumentException naming what is wrong with {@code hostPort}
     */
    public static String seedAddress(String hostPort) {
        String s = hostPort == null ? "" : hostPort.trim();
        if (s.startsWith("pekko://") || s.contains("@")) {
            throw new IllegalArgumentException("seed '" + s + "': give host:port (e.g. 127.0.0.1:2551); the "
                    + "address pekko://" + SYSTEM_NAME + "@host:port is built from it");
        }
        Matcher m = HOST_PORT.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("seed '" + s + "' is not host:port (e.g. 127.0.0.1:2551)");
        }
        int port = Integer.parseInt(m.group(2));
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("seed '" + s + "': port must be 1..65535, got " + port);
        }
        return "pekko://" + SYSTEM_NAME + "@" + m.group(1) + ":" + port;
    }

    /** Comma-separated {@code host:port} pairs as seed node addresses; blanks between commas are ignored. */
    public static List<String> seedAddresses(String commaSeparated) {
        List<String> out = new ArrayList<>();
        for (String part : commaSeparated.split(",")) {
            if (!part.isBlank()) {
                out.add(seedAddress(part));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no seed node in '" + commaSeparated + "' (give host:port[,host:port])");
        }
        return List.copyOf(out);
    }

    /** The seeds as {@code host:port}, as they were given ({@link #seedAddress} undone). */
    public List<String> seedHostPorts() {
        return seeds.stream().map(s -> s.replaceFirst("^pekko://[^@]*@", "")).toList();
    }

    public boolean postgres() {
        return dbUrl.startsWith("jdbc:postgresql:");
    }

    /** The database URL as it may be shown: without user info or credential parameters. */
    public String shownDbUrl() {
        return shownUrl(dbUrl);
    }

    static String shownUrl(String url) {
        return url.replaceFirst("^(jdbc:[^/]*//)[^/@?;]*@", "$1")
                .replaceAll("(?i)([?&;])(password|pwd|passwd|sslpassword|token|user|username)=[^&;]*", "$1$2=***");
    }

    /**
     * The node's full configuration: these settings first, then JVM system properties (so that any other setting,
     * e.g. {@code -Dalp.session.redrive-after=10s}, can be given through {@code ALP_JAVA_OPTS}), then alp-node.conf,
     * then every library's reference.
     */
    public Config config() {
        Map<String, Object> values = new HashMap<>(overrides);
        values.put("alp.db.url", dbUrl);
        values.put("alp.db.user", dbUser);
        values.put("alp.db.password", dbPassword);
        if (postgres()) {
            values.put("alp.db.profile", "slick.jdbc.PostgresProfile$");
            values.put("alp.db.driver", "org.postgresql.Driver");
            values.putIfAbsent("jdbc-journal.parallelism", 8);
        }
        values.put("pekko.remote.artery.canonical.hostname", host);
        values.put("pekko.remote.artery.canonical.port", port);
        if (bindHost != null) {
            values.put("pekko.remote.artery.bind.hostname", bindHost);
        }
        if (!seeds.isEmpty()) {
            values.put("pekko.cluster.seed-nodes", seeds);
        }
        values.put("pekko.cluster.roles", roles);
        if (managementPort > 0) {
            values.put("pekko.management.http.hostname", host);
            values.put("pekko.management.http.port", managementPort);
            values.put("pekko.management.http.bind-hostname", bindHost != null ? bindHost : host);
            values.put("pekko.management.http.bind-port", managementPort);
        }
        return ConfigFactory.parseMap(values)
                .withFallback(ConfigFactory.defaultOverrides())
                .withFallback(ConfigFactory.parseResources("alp-node.conf"))
                .withFallback(ConfigFactory.defaultReference())
                .resolve();
    }

    /** The password never shows. */
    @Override
    public String toString() {
        return "NodeSettings[db=" + shownDbUrl() + ", user=" + dbUser + ", host=" + host
                + (bindHost == null ? "" : ", bind=" + bindHost) + ", port=" + port + ", seeds=" + seeds
                + ", roles=" + roles + (managementPort > 0 ? ", management=" + managementPort : "") + "]";
    }
}
