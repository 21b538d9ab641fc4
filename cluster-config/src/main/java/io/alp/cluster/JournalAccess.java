package io.alp.cluster;

import io.alp.actors.query.JournalReader;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;


/**
 * A local, non-clustered ActorSystem that only reads the journal. Reading commands use it so that looking at a
 * session never starts sharding, and so never restarts or drives a session.
 */
public final class JournalAccess implements AutoCloseable {

    private final ActorSystem<Void> system;
    private final JournalReader reader;

    private JournalAccess(ActorSystem<Void> system, NodeSettings settings) {
        this.system = system;
        this.reader = new JournalReader(system, new JdbcCatalog(settings));
    }

    public static JournalAccess open(NodeSettings settings) {
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "alp-reader",
                settings.with("pekko.actor.provider", "local").config());
        try {
            JournalSchema.ensure(system, settings);
            return new JournalAccess(system, settings);
        } catch (RuntimeException e) {
            system.terminate();
            throw e;
        }
    }

    public JournalReader reader() {
        return reader;
    }

    public ActorSystem<Void> system() {
        return system;
    }

    @Override
    public void close() {
        AlpNode.terminate(system);
    }
}
