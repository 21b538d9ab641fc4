package io.alp.app.cli;

import io.alp.actors.runtime.Roles;
import io.alp.app.UserError;
import io.alp.app.console.ConsoleServer;
import io.alp.app.console.ConsoleSettings;
import io.alp.app.console.NodeSessionControl;
import io.alp.app.session.SessionRunner;
import io.alp.cluster.AlpNode;
import io.alp.cluster.NodeSettings;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

@Command(name = "node", mixinStandardHelpOptions = true,
        description = {"Run a cluster node on a shared PostgreSQL database until it is terminated.",
                "SIGTERM or Ctrl-C make it leave the cluster gracefully: its sessions move to the other nodes.",
                "Start the first seed node first; with no --seeds a node forms a new cluster of its own."})
public final class NodeCommand implements java.util.concurrent.Callable<Integer> {

    /** The node's roles, as {@code --role} takes them. */
    enum Role {
        all(List.of(Roles.SESSIONS, Roles.EVALUATORS)),
        sessions(List.of(Roles.SESSIONS)),
        evaluators(List.of(Roles.EVALUATORS));

        final List<String> roles;

        Role(List<String> roles) {
            this.roles = roles;
        }
    }

    /** How long a node waits before it says, once, that it is still joining. */
    private static final long JOIN_NOTICE_SECONDS = 10;

    @Option(names = "--port", required = true, paramLabel = "PORT",
            description = "Cluster (remoting) port; every node on one machine needs its own.")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "The address other nodes reach this one on; seeds must name it exactly like this "
                    + "(127.0.0.1 is not localhost). Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--bind-host", paramLabel = "HOST",
            description = "Listen on this interface instead of --host, e.g. 0.0.0.0 in a container.")
    String bindHost;

    @Option(names = "--seeds", paramLabel = "HOST:PORT[,HOST:PORT...]",
            description = "Seed nodes, given as each seed's --host:--port. None: this node is the first, its own seed.")
    String seeds;

    @Mixin
    DbUrlOptions db;

    @Option(names = "--role", defaultValue = "all", paramLabel = "ROLE",
            description = "all, sessions (hosts sessions and tree nodes) or evaluators (runs an evaluator pool). "
                    + "Default: ${DEFAULT-VALUE}.")
    Role role;

    @Option(names = "--management-port", paramLabel = "PORT",
            description = "Serve /alive, /ready and /cluster/members over HTTP on this port (on --host).")
    Integer managementPort;

    @Option(names = "--http-port", paramLabel = "PORT",
            description = "Serve the live console (API and dashboard, as alp serve) on this port.")
    Integer httpPort;

    @Option(names = "--http-bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address the console listens on (default: ${DEFAULT-VALUE}); any other than loopback "
                    + "needs --token-env.")
    String httpBind;

    @Option(names = "--token-env", paramLabel = "NAME",
            description = "The name of the environment variable holding the console's token.")
    String tokenEnv;

    @Option(names = "--workers", paramLabel = "N", description = "Evaluator workers on this node (alp.evaluators.workers).")
    Integer workers;

    @Option(names = "--slots-per-worker", paramLabel = "N",
            description = "Evaluations each worker keeps in flight (alp.evaluators.slots-per-worker).")
    Integer slotsPerWorker;

    @Override
    public Integer call() throws InterruptedException {
        NodeSettings settings = settings();
        ConsoleSettings console = httpPort == null ? null
                : ConsoleSettings.of(httpBind, "--http-bind", httpPort, "--http-port", tokenEnv);
        AlpNode node = AlpNode.start(settings, SessionRunner.WORLDS);
        PrintStream out = System.out;
        CoordinatedShutdown shutdown = CoordinatedShutdown.get(node.system());
        shutdown.addTask(CoordinatedShutdown.PhaseBeforeClusterShutdown(), "alp-announce-leaving", () -> {
            out.println("node " + node.address() + " leaving the cluster");
            out.flush();
            return CompletableFuture.completedFuture(Done.getInstance());
        });

        CompletableFuture<Void> up = node.up().toCompletableFuture();
        try {
            up.get(JOIN_NOTICE_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            System.err.println("alp: node " + node.address() + " is still joining the cluster through "
                    + (settings.seeds().isEmpty() ? "itself" : String.join(", ", settings.seedHostPorts()))
                    + " (is the first seed node running?)");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        CompletableFuture.anyOf(up, node.system().getWhenTerminated().toCompletableFuture()).join();
        if (up.isDone()) {
            String consoleUrl = console == null ? "" : "; console " + ConsoleServer.start(node.system(),
                    node.reader(), new NodeSessionControl(settings, () -> node, System.err, true), console,
                    Path.of("alp-data").toAbsolutePath()).url();
            out.println("node " + node.address() + " up: roles " + String.join(", ", settings.roles())
                    + node.managementUrl().map(u -> "; management " + u).orElse("") + consoleUrl);
            out.flush();
        }

        node.system().getWhenTerminated().toCompletableFuture().join();
        var reason = shutdown.getShutdownReason();
        if (reason.isPresent() && reason.get() instanceof CoordinatedShutdown.ClusterDowningReason$) {
            System.err.println("alp: node " + node.address() + " was removed from the cluster (downed); it stopped");
            return UserError.BAD_INPUT;
        }
        return 0;
    }

    /** Every option checked, with the password read from the environment variable --db-password-env names. */
    NodeSettings settings() {
        if (!db.given()) {
            throw UserError.badInput("alp node needs --db-url: the PostgreSQL database every node of the cluster "
                    + "shares, e.g. --db-url jdbc:postgresql://127.0.0.1:5432/alp?currentSchema=alp");
        }
        if (port < 1 || port > 65535) {
            throw UserError.badInput("--port must be 1..65535, got " + port);
        }
        if (managementPort != null && (managementPort < 1 || managementPort > 65535)) {
            throw UserError.badInput("--management-port must be 1..65535, got " + managementPort);
        }
        if (managementPort != null && managementPort == port) {
            throw UserError.badInput("--management-port must differ from --port (" + port + ")");
        }
        if (host.isBlank()) {
            throw UserError.badInput("--host must not be empty");
        }
        positive("--workers", workers);
        positive("--slots-per-worker", slotsPerWorker);
        List<String> seedAddresses = seeds == null ? List.of() : ClusterOption.seedAddresses(seeds);
        NodeSettings settings = db.settings().clusterNode(host.strip(), port, seedAddresses, role.roles)
                .withBindHost(bindHost == null || bindHost.isBlank() ? null : bindHost.strip())
                .withManagementPort(managementPort == null ? 0 : managementPort);
        if (workers != null) {
            settings = settings.with("alp.evaluators.workers", workers);
        }
        if (slotsPerWorker != null) {
            settings = settings.with("alp.evaluators.slots-per-worker", slotsPerWorker);
        }
        return settings;
    }

    private static void positive(String option, Integer value) {
        if (value != null && value < 1) {
            throw UserError.badInput(option + " must be at least 1, got " + value);
        }
    }
}
