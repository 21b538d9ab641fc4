package io.alp.actors.testkit;

import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/** Shards an entity type as a stand-in that forwards every message to a probe, to observe what others send it. */
public final class Forwarding {

    private Forwarding() {
    }

    public static <T> void shardInto(ActorSystem<?> system, EntityTypeKey<T> key, TestProbe<T> probe) {
        ClusterSharding.get(system).init(Entity.of(key, ctx -> Behaviors.<T>receiveMessage(m -> {
            probe.getRef().tell(m);
            return Behaviors.same();
        })));
    }
}
