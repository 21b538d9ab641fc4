package io.alp.actors.runtime;

import io.alp.engine.model.WorldSpec;
import io.alp.engine.model.WorldRef;
import io.alp.engine.port.World;
import io.alp.engine.port.WorldFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds each session's ports once per node, from the {@link WorldRef} its messages carry: the definition it names
 * is registered here by the session that starts ({@link #register}) and found in the {@link Catalog} by any other
 * node. The ports release what they hold (clients, a metering gateway, worker threads) once the session has not
 * used them for a while: a session that comes back (resumed, or its work moved here) gets them built again.
 */
public final class WorldRegistry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WorldRegistry.class);

    private final List<WorldFactory> factories;
    private final Catalog catalog;
    private final Map<String, WorldSpec> definitions = new ConcurrentHashMap<>();
    private final Map<WorldRef, Entry> worlds = new ConcurrentHashMap<>();

    private static final class Entry {
        final World world;
        volatile long lastUsedNanos = System.nanoTime();

        Entry(World world) {
            this.world = world;
        }
    }

    /** A registry on {@link Catalog#local()}: for a process without a shared database (tests, benchmarks). */
    public WorldRegistry(List<WorldFactory> factories) {
        this(factories, Catalog.local());
    }

    public WorldRegistry(List<WorldFactory> factories, Catalog catalog) {
        this.factories = List.copyOf(factories);
        this.catalog = catalog;
    }

    public Catalog catalog() {
        return catalog;
    }

    /** Stores {@code definition} in the catalog unless this node already did, and returns its reference. */
    public WorldRef register(WorldSpec definition) {
        WorldRef ref = definition.ref();
        if (!definitions.containsKey(ref.hash())) {
            catalog.putWorld(definition);
            definitions.putIfAbsent(ref.hash(), definition);
        }
        return ref;
    }

    /** @throws IllegalStateException when no node registered a world with that hash */
    public WorldSpec definition(WorldRef ref) {
        return definitions.computeIfAbsent(ref.hash(), hash -> catalog.world(hash).orElseThrow(() ->
                new IllegalStateException("world " + ref + " (kind '" + ref.kind() + "') is not in the catalog: "
                        + "no session registered its definition in this database")));
    }

    public World world(WorldRef ref) {
        Entry entry = worlds.computeIfAbsent(ref, r -> new Entry(create(definition(r))));
        entry.lastUsedNanos = System.nanoTime();
        return entry.world;
    }

    /** The ports of {@code definition}, registering it first. */
    public World world(WorldSpec definition) {
        return world(register(definition));
    }

    /** Closes and forgets the worlds no one asked for during {@code idle}; returns how many. */
    public int closeIdle(Duration idle) {
        long now = System.nanoTime();
        int closed = 0;
        for (var e : worlds.entrySet()) {
            if (now - e.getValue().lastUsedNanos > idle.toNanos() && worlds.remove(e.getKey(), e.getValue())) {
                close(e.getKey(), e.getValue().world);
                closed++;
            }
        }
        return closed;
    }

    /** How many worlds are open on this node. */
    public int open() {
        return worlds.size();
    }

    @Override
    public void close() {
        worlds.forEach((ref, entry) -> {
            if (worlds.remove(ref, entry)) {
                close(ref, entry.world);
            }
        });
    }

    private static void close(WorldRef ref, World world) {
        try {
            world.close();
        } catch (Exception e) {
            log.warn("the ports of world {} did not close cleanly: {}", ref.name(), e.toString());
        }
    }

    private World create(WorldSpec ref) {
        return factories.stream()
                .filter(f -> f.supports(ref.kind()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no world of kind '" + ref.kind() + "' is known"))
                .create(ref);
    }
}
