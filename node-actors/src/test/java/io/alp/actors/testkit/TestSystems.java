package io.alp.actors.testkit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.alp.actors.evaluation.EvaluationQueue;
import io.alp.actors.proposer.ProposerActor;
import io.alp.actors.runtime.AlpRuntime;
import io.alp.actors.runtime.WorldRegistry;
import io.alp.actors.session.SessionActor;
import io.alp.engine.report.SessionSummary;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.JournalOperation;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.WriteEvents;

import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;

/**
 * ActorTestKits for the actor tests: a single-node cluster, in-memory journal and snapshot store, every message
 * serialized.
 */
public final class TestSystems {

    private TestSystems() {
    }

    public static Config config() {
        return ConfigFactory.parseString("""
                        pekko.actor.provider = cluster
                        pekko.remote.artery.canonical.hostname = "127.0.0.1"
                        pekko.remote.artery.canonical.port = 0
                        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                        pekko.cluster.sharding.remember-entities-store = eventsourced
                        pekko.actor.serialize-messages = on
                        pekko.actor.no-serialization-verification-needed-class-prefix = ["org.apache.pekko."]
                        pekko.loglevel = INFO
                        """)
                .withFallback(PersistenceTestKitPlugin.getInstance().config())
                .withFallback(PersistenceTestKitSnapshotPlugin.config())
                .withFallback(ConfigFactory.load());
    }

    public static ActorTestKit clusterKit() {
        return clusterKit(ConfigFactory.empty());
    }

    /** @param overrides settings that take precedence over {@link #config()} */
    public static ActorTestKit clusterKit(Config overrides) {
        ActorTestKit kit = ActorTestKit.create(overrides.withFallback(config()));
        Cluster cluster = Cluster.get(kit.system());
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
        return kit;
    }

    /** Asks a session for its summary every 100 ms until it is no longer running, or {@code deadline} has passed. */
    public static SessionSummary untilFinished(ActorTestKit kit, String sessionId, Duration deadline) {
        var probe = kit.<StatusReply<SessionSummary>>createTestProbe();
        var ref = SessionActor.ref(kit.system(), sessionId);
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            ref.tell(new SessionActor.GetSummary(probe.getRef()));
            SessionSummary s = probe.receiveMessage(Duration.ofSeconds(10)).getValue();
            if (!SessionSummary.RUNNING.equals(s.status()) || System.nanoTime() > end) {
                return s;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** For {@code PersistenceTestKit.failNextNOpsCond}: writes of an {@code eventType} by entities with this prefix. */
    public static BiFunction<String, JournalOperation, Object> writesOf(String persistenceIdPrefix,
                                                                        Class<?>... eventTypes) {
        return (id, op) -> id.startsWith(persistenceIdPrefix) && op instanceof WriteEvents w
                && w.getBatch().stream().anyMatch(e -> java.util.Arrays.stream(eventTypes)
                .anyMatch(t -> t.isInstance(e)));
    }

    public static AlpRuntime runtime(ActorTestKit kit, int workers, int slots) {
        WorldRegistry worlds = new WorldRegistry(List.of(new ToyWorld()));
        return new AlpRuntime(worlds, kit.spawn(EvaluationQueue.create(worlds, workers, slots)),
                kit.spawn(ProposerActor.create(worlds)));
    }
}
