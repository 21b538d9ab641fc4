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
import org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Boots an ActorSystem as an ALP node: creates the journal schema if missing, joins the cluster (itself when no
 * seeds are given), starts an evaluator pool registered with the Receptionist (role {@code evaluators}), the
 * router that spreads this node's evaluations over every pool, the proposer, and shards sessions and tree nodes
 * (hosted on role {@code sessions}).
 */
public final class AlpNode implements AutoCloseable {

    private static final List<String> TABLES = List.of("event_journal", "event_tag", "snapshot");

    private final ActorSystem<Void> system;
    private final AlpRuntime runtime;

    private AlpNode(ActorSystem<Void> system, AlpRuntime runtime) {
        this.system = system;
        this.runtime = runtime;
    }

    public static AlpNode start(String name, NodeSettings settings, List<WorldFactory> worlds) {
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), name, settings.config());
        try {
            createSchema(system, settings);
            Cluster cluster = Cluster.get(system);
            if (settings.seeds().isEmpty()) {
                cluster.manager().tell(Join.create(cluster.selfMember().address()));
            }
            WorldRegistry registry = new WorldRegistry(worlds);
            if (cluster.selfMember().hasRole(Roles.EVALUATORS)) {
                var config = system.settings().config().getConfig("alp.evaluators");
                ActorRef<EvaluationQueue.Command> pool = system.systemActorOf(EvaluationQueue.create(registry,
                        config.getInt("workers"), config.getInt("slots-per-worker"), config.getInt("max-queued")),
                        "evaluators", Props.empty());
                system.receptionist().tell(Receptionist.register(EvaluatorRouter.POOLS, pool));
            }
            AlpRuntime runtime = new AlpRuntime(registry,
                    system.systemActorOf(EvaluatorRouter.create(), "evaluator-router", Props.empty()),
                    system.systemActorOf(ProposerActor.create(registry), "proposer", Props.empty()));
            // on a node without the sessions role these are proxies to the nodes that host the entities
            SessionActor.initSharding(system, runtime);
            NodeActor.initSharding(system, runtime);
            return new AlpNode(system, runtime);
        } catch (RuntimeException e) {
            system.terminate();
            throw e;
        }
    }

    /** The journal schema, created if missing, then checked: the DDL runner logs its errors only at debug. */
    static void createSchema(ActorSystem<?> system, NodeSettings settings) {
        try {
            SchemaUtils.createIfNotExists(system).toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not create the journal schema at " + settings.dbUrl() + ": "
                    + e.getMessage(), e);
        }
        try (Connection c = DriverManager.getConnection(settings.dbUrl(), settings.dbUser(), settings.dbPassword())) {
            for (String table : TABLES) {
                try (ResultSet rs = c.getMetaData().getTables(null, null, table, null)) {
                    if (!rs.next()) {
                        throw new IllegalStateException("journal table '" + table + "' is missing at "
                                + settings.dbUrl());
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the journal database " + settings.dbUrl() + ": "
                    + e.getMessage(), e);
        }
    }

    public ActorSystem<Void> system() {
        return system;
    }

    public AlpRuntime runtime() {
        return runtime;
    }

    public JournalReader reader() {
        return new JournalReader(system);
    }

    @Override
    public void close() {
        terminate(system);
    }

    static void terminate(ActorSystem<?> system) {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("actor system " + system.name() + " did not terminate: " + e.getMessage(),
                    e);
        }
    }

    public static Duration askTimeout() {
        return Duration.ofSeconds(30);
    }
}
