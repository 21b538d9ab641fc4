package io.alp.cluster;

import io.alp.actors.evaluation.EvaluationQueue;
import io.alp.actors.evaluation.EvaluatorRouter;
import io.alp.actors.node.NodeActor;
import io.alp.actors.proposer.ProposerActor;
import io.alp.actors.query.JournalReader;
import io.alp.actors.runtime.AlpRuntime;
import io.alp.actors.runtime.Roles;
import io.alp.actors.runtime.WorldRegistry;
import io.alp.actors.session.SessionActor;
import io.alp.engine.port.WorldFactory;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.management.javadsl.PekkoManagement;

import java.net.BindException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Boots an ActorSystem as an ALP node: checks that the database answers, creates the journal schema if missing,
 * starts Pekko Management when a management port is set, joins the cluster (itself when no seeds are given),
 * starts an evaluator pool registered with the Receptionist (role {@code evaluators}), the router that spreads this
 * node's evaluations over every pool, the proposer, and shards sessions and tree nodes (hosted on role
 * {@code sessions}; a node without it, such as a client, reaches them through sharding proxies).
 *
 * <p>{@link #close()} leaves the cluster gracefully (CoordinatedShutdown: the node's shards hand over and it is
 * removed, not downed) and terminates the ActorSystem.
 */
public final class AlpNode implements AutoCloseable {

    private static final Duration MANAGEMENT_BIND_TIMEOUT = Duration.ofSeconds(30);

    private final ActorSystem<Void> system;
    private final AlpRuntime runtime;
    private final NodeSettings settings;
    private final String managementUrl;

    private AlpNode(ActorSystem<Void> system, AlpRuntime runtime, NodeSettings settings, String managementUrl) {
        this.system = system;
        this.runtime = runtime;
        this.settings = settings;
        this.managementUrl = managementUrl;
    }

    /** Starts a node of the ActorSystem {@value NodeSettings#SYSTEM_NAME}. */
    public static AlpNode start(NodeSettings settings, List<WorldFactory> worlds) {
        return start(NodeSettings.SYSTEM_NAME, settings, worlds);
    }

    /**
     * @throws NodeStartException when the database cannot be used, a port cannot be bound, or the schema cannot
     *                            be created: the message says which, in one line
     */
    public static AlpNode start(String name, NodeSettings settings, List<WorldFactory> worlds) {
        JournalSchema.checkReachable(settings);
        if (settings.postgres()) {
            JournalSchema.ensurePostgres(settings);
        }
        ActorSystem<Void> system = createSystem(name, settings);
        try {
            if (!settings.postgres()) {
                JournalSchema.ensure(system, settings);
                compactEmbeddedStore(system, settings);
            }
            String managementUrl = settings.managementPort() > 0 ? startManagement(system, settings) : null;
            Cluster cluster = Cluster.get(system);
            if (settings.seeds().isEmpty()) {
                cluster.manager().tell(Join.create(cluster.selfMember().address()));
            }
            WorldRegistry registry = new WorldRegistry(worlds, new JdbcCatalog(settings));
            ActorRef<EvaluationQueue.Command> pool = null;
            if (cluster.selfMember().hasRole(Roles.EVALUATORS)) {
                var config = system.settings().config().getConfig("alp.evaluators");
                pool = system.systemActorOf(EvaluationQueue.create(registry,
                        config.getInt("workers"), config.getInt("slots-per-worker")),
                        "evaluators", Props.empty());
                system.receptionist().tell(Receptionist.register(EvaluatorRouter.POOLS, pool));
            }
            AlpRuntime runtime = new AlpRuntime(registry,
                    system.systemActorOf(EvaluatorRouter.create(pool), "evaluator-router", Props.empty()),
                    system.systemActorOf(ProposerActor.create(registry), "proposer", Props.empty()));
            // on a node without the sessions role these are proxies to the nodes that host the entities
            SessionActor.initSharding(system, runtime);
            NodeActor.initSharding(system, runtime);
            closeIdleWorlds(system, registry);
            return new AlpNode(system, runtime, settings, managementUrl);
        } catch (RuntimeException e) {
            terminateQuietly(system);
            throw e;
        }
    }

    /** See {@link EmbeddedStoreCompaction}: until the node stops. */
    private static void compactEmbeddedStore(ActorSystem<Void> system, NodeSettings settings) {
        var config = system.settings().config().getConfig("alp.db.embedded");
        EmbeddedStoreCompaction.start(settings, config.getDuration("compact-every"), config.getDuration("retention"))
                .ifPresent(compaction -> system.getWhenTerminated().thenRun(compaction::close));
    }

    /** Releases idle sessions' ports now and then, and every session's when the node stops. */
    private static void closeIdleWorlds(ActorSystem<Void> system, WorldRegistry registry) {
        Duration idle = system.settings().config().getDuration("alp.worlds.close-idle-after");
        Duration every = idle.dividedBy(10).compareTo(Duration.ofMinutes(1)) < 0 ? idle.dividedBy(10)
                : Duration.ofMinutes(1);
        system.scheduler().scheduleWithFixedDelay(every, every, () -> registry.closeIdle(idle),
                system.executionContext());
        CoordinatedShutdown.get(system).addJvmShutdownHook(registry::close);
        system.getWhenTerminated().thenRun(registry::close);
    }

    private static ActorSystem<Void> createSystem(String name, NodeSettings settings) {
        try {
            return ActorSystem.create(Behaviors.empty(), name, settings.config());
        } catch (RuntimeException e) {
            if (causedBy(e, BindException.class)) {
                throw new NodeStartException("cannot listen on " + settings.host() + ":" + settings.port()
                        + (settings.bindHost() == null ? "" : " (bound to " + settings.bindHost() + ")")
                        + ": the port is in use or the address is not this machine's", e);
            }
            throw new NodeStartException("the node could not start: " + JournalSchema.reason(e), e);
        }
    }

    /** Starts the management HTTP endpoint and returns its URL once it is bound. */
    private static String startManagement(ActorSystem<?> system, NodeSettings settings) {
        String where = (settings.bindHost() != null ? settings.bindHost() : settings.host()) + ":"
                + settings.managementPort();
        try {
            PekkoManagement.get(system).start().toCompletableFuture()
                    .get(MANAGEMENT_BIND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String why = causedBy(cause, BindException.class) ? "the port is in use or the address is not this "
                    + "machine's" : JournalSchema.reason(cause);
            throw new NodeStartException("cannot start the management endpoint on " + where + ": " + why, cause);
        } catch (TimeoutException e) {
            throw new NodeStartException("the management endpoint on " + where + " did not bind within "
                    + MANAGEMENT_BIND_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeStartException("interrupted while starting the management endpoint", e);
        }
        return "http://" + hostForUrl(settings.host()) + ":" + settings.managementPort();
    }

    private static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t) || t.getMessage() != null && t.getMessage().contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }

    /** Completes when this node is Up in the cluster. */
    public CompletionStage<Void> up() {
        CompletableFuture<Void> up = new CompletableFuture<>();
        org.apache.pekko.cluster.Cluster.get(Adapter.toClassic(system)).registerOnMemberUp(() -> up.complete(null));
        return up;
    }

    /**
     * Waits until this node is Up.
     *
     * @throws NodeStartException when it is not Up within {@code timeout}: the seeds did not answer
     */
    public void awaitUp(Duration timeout) {
        try {
            up().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new NodeStartException("could not join the cluster through " + seedsText() + " within "
                    + timeout.toSeconds() + " s: is a seed node running, and is each seed given exactly as that "
                    + "node's --host:--port?", e);
        } catch (ExecutionException e) {
            throw new NodeStartException("could not join the cluster: " + JournalSchema.reason(e.getCause()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeStartException("interrupted while joining the cluster", e);
        }
    }

    private String seedsText() {
        return settings.seeds().isEmpty() ? "itself" : "seeds " + String.join(", ", settings.seedHostPorts());
    }

    /** This node's address as {@code alp@host:port}, with the port it actually listens on. */
    public String address() {
        var a = Cluster.get(system).selfMember().address();
        return a.system() + "@" + a.getHost().orElse(settings.host()) + ":"
                + a.getPort().map(String::valueOf).orElse("?");
    }

    /** The management endpoint, {@code http://host:port}, when one was started. */
    public Optional<String> managementUrl() {
        return Optional.ofNullable(managementUrl);
    }

    public ActorSystem<Void> system() {
        return system;
    }

    public AlpRuntime runtime() {
        return runtime;
    }

    public JournalReader reader() {
        return new JournalReader(system, runtime.worlds().catalog());
    }

    /** Leaves the cluster (CoordinatedShutdown) and waits until the ActorSystem has terminated. */
    @Override
    public void close() {
        CoordinatedShutdown.get(system).run(CoordinatedShutdown.clusterLeavingReason());
        await(system);
    }

    private static void terminateQuietly(ActorSystem<?> system) {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the start failed; its reason is what the caller reports
        }
    }

    static void terminate(ActorSystem<?> system) {
        system.terminate();
        await(system);
    }

    private static void await(ActorSystem<?> system) {
        try {
            system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while actor system " + system.name() + " terminated", e);
        } catch (Exception e) {
            throw new IllegalStateException("actor system " + system.name() + " did not terminate: " + e.getMessage(),
                    e);
        }
    }

    public static Duration askTimeout() {
        return Duration.ofSeconds(30);
    }
}
